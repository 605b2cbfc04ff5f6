// No "server-only" marker: the demo seed runs this in plain Node, outside Next's react-server condition.
// Transactions for the money services: retried on serialization failures and
// deadlocks, with room to wait for a connection under load.
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isRetryable } from "./pg-errors";

export type Tx = Prisma.TransactionClient;

export async function transaction<T>(fn: (tx: Tx) => Promise<T>, opts: { timeoutMs?: number; retries?: number } = {}): Promise<T> {
  const retries = opts.retries ?? 5;
  for (let attempt = 0; ; attempt++) {
    try {
      return await db().$transaction(fn, { timeout: opts.timeoutMs ?? 20_000, maxWait: 60_000 });
    } catch (error) {
      if (attempt < retries && isRetryable(error)) continue;
      throw error;
    }
  }
}

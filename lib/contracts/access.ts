import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ApiError, notFound } from "@/lib/errors";
import { contractScope } from "./list-contracts";

type Tx = Prisma.TransactionClient;

/**
 * The contract if the user takes part in it (admins: any), else 404, as if it
 * did not exist. Locks the row when `forUpdate`, so concurrent changes of one
 * contract apply one after the other.
 */
export async function contractFor(tx: Tx, user: CurrentUser, id: string, opts: { forUpdate?: boolean } = {}) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound("No such contract.");
  if (opts.forUpdate) await tx.$queryRaw`SELECT 1 FROM contracts WHERE id = ${id}::uuid FOR UPDATE`;
  const contract = await tx.contract.findFirst({ where: { id, ...contractScope(user) } });
  if (!contract) throw notFound("No such contract.");
  return contract;
}

/** Terms and status are the client's (and admins'); the freelancer sees them read-only. */
export function canManage(user: CurrentUser, contract: { clientId: string }): boolean {
  return user.role === "ADMIN" || (user.role === "CLIENT" && contract.clientId === user.id);
}

export function assertCanManage(user: CurrentUser, contract: { clientId: string }): void {
  if (canManage(user, contract)) return;
  throw new ApiError("forbidden", "Only the contract's client or an admin can change it.");
}

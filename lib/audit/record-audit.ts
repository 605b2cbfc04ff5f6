import "server-only";
// Every admin action and every change of contract terms: who, when, before/after.
import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;

export interface AuditInput {
  actorId: string;
  action: string;
  entityType: "contract" | "user" | "dispute";
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  at: Date;
}

const json = (v: Record<string, unknown> | null | undefined) =>
  v == null ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue);

/** Written in the same transaction as the change, so there is never a change without its record. */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: input.actorId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      before: json(input.before),
      after: json(input.after),
      createdAt: input.at,
    },
  });
}

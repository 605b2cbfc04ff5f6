import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { withdrawalView, type WithdrawalView } from "./withdraw";
import type { Withdrawal } from "@/lib/generated/prisma/client";

/** A withdrawal as Get Paid lists it: with its method's name, which stays readable after the method is removed. */
export type WithdrawalListItem = WithdrawalView & { methodLabel: string };

const view = (w: Withdrawal & { method: { label: string } }): WithdrawalListItem => ({
  ...withdrawalView({
    id: w.id, reference_id: w.referenceId, method_id: w.methodId, amount_cents: w.amountCents, fee_cents: w.feeCents, net_cents: w.netCents,
    status: w.status, scheduled: w.scheduled, requested_at: w.requestedAt, settled_at: w.settledAt, failure_reason: w.failureReason,
  }),
  methodLabel: w.method.label,
});

const withMethod = { method: { select: { label: true } } } as const;

export async function listWithdrawals(user: CurrentUser): Promise<WithdrawalListItem[]> {
  const rows = await db().withdrawal.findMany({ where: { userId: user.id }, include: withMethod, orderBy: { requestedAt: "desc" }, take: 200 });
  return rows.map(view);
}

export async function getWithdrawal(user: CurrentUser, id: string): Promise<WithdrawalListItem | null> {
  const w = await db().withdrawal.findFirst({ where: { id, userId: user.id }, include: withMethod });
  return w ? view(w) : null;
}

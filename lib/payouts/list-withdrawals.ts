import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { withdrawalView, type WithdrawalView } from "@/lib/ledger/withdraw";
import type { Withdrawal } from "@/lib/generated/prisma/client";

const view = (w: Withdrawal): WithdrawalView =>
  withdrawalView({
    id: w.id, reference_id: w.referenceId, method_id: w.methodId, amount_cents: w.amountCents, fee_cents: w.feeCents, net_cents: w.netCents,
    status: w.status, scheduled: w.scheduled, requested_at: w.requestedAt, settled_at: w.settledAt, failure_reason: w.failureReason,
  });

export async function listWithdrawals(user: CurrentUser): Promise<WithdrawalView[]> {
  const rows = await db().withdrawal.findMany({ where: { userId: user.id }, orderBy: { requestedAt: "desc" }, take: 200 });
  return rows.map(view);
}

export async function getWithdrawal(user: CurrentUser, id: string): Promise<WithdrawalView | null> {
  const w = await db().withdrawal.findFirst({ where: { id, userId: user.id } });
  return w ? view(w) : null;
}

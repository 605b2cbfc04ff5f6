import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { bonusAvailableAt } from "@/lib/billing";
import { bonusView, type BonusView } from "./pay-bonus";

/** Bonuses on the caller's contracts (as client or freelancer), newest first; optionally one contract's. */
export async function listBonuses(user: CurrentUser, opts: { contractId?: string } = {}): Promise<BonusView[]> {
  const rows = await db().bonus.findMany({
    where: { ...(opts.contractId ? { contractId: opts.contractId } : {}), contract: { OR: [{ clientId: user.id }, { freelancerId: user.id }] } },
    orderBy: { paidAt: "desc" },
    take: 200,
  });
  return rows.map((b) => bonusView(b, bonusAvailableAt(b.paidAt)));
}

import "server-only";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { effectiveWeeklyLimitHours, weekStartOf } from "@/lib/billing";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertCanManage, contractFor } from "./access";
import { toLimitChanges } from "./limits";
import { isClosed } from "./status";

export interface ChangeTermsInput {
  weeklyLimitHours?: number | null;
  manualTimeAllowed?: boolean;
}

/** R4.3 / R3.1 the client changes the weekly limit or manual time; every change is audited. */
export async function changeTerms(actor: CurrentUser, contractId: string, input: ChangeTermsInput, now: Date): Promise<void> {
  await db().$transaction(async (tx) => {
    const contract = await contractFor(tx, actor, contractId, { forUpdate: true });
    assertCanManage(actor, contract);
    if (isClosed(contract.status)) throw new ApiError("conflict", "This contract is closed; its terms can no longer change.");

    if (input.weeklyLimitHours !== undefined) {
      const rows = await tx.weeklyLimitChange.findMany({ where: { contractId }, orderBy: { requestedAt: "asc" } });
      const newMinutes = input.weeklyLimitHours === null ? null : input.weeklyLimitHours * 60;
      const history = toLimitChanges([...rows, { limitMinutes: newMinutes, requestedAt: now }]);
      const thisWeek = weekStartOf(now);
      // Recorded for display; lib/billing derives the limit of any week from requestedAt.
      const appliesNow = effectiveWeeklyLimitHours(history, thisWeek) === input.weeklyLimitHours;
      const effectiveFrom = appliesNow ? thisWeek : new Date(thisWeek.getTime() + 7 * 86_400_000);
      await tx.weeklyLimitChange.create({ data: { contractId, limitMinutes: newMinutes, requestedAt: now, effectiveFrom, requestedById: actor.id } });
      const before = rows.at(-1)?.limitMinutes;
      await recordAudit(tx, {
        actorId: actor.id, action: "contract.weekly_limit_changed", entityType: "contract", entityId: contractId,
        before: { weeklyLimitHours: before == null ? null : before / 60 },
        after: { weeklyLimitHours: input.weeklyLimitHours, effectiveFrom: effectiveFrom.toISOString() },
        at: now,
      });
    }
    if (input.manualTimeAllowed !== undefined && input.manualTimeAllowed !== contract.manualTimeAllowed) {
      await tx.contract.update({ where: { id: contractId }, data: { manualTimeAllowed: input.manualTimeAllowed } });
      await recordAudit(tx, {
        actorId: actor.id, action: "contract.manual_time_changed", entityType: "contract", entityId: contractId,
        before: { manualTimeAllowed: contract.manualTimeAllowed }, after: { manualTimeAllowed: input.manualTimeAllowed }, at: now,
      });
    }
  });
}

import "server-only";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { RehireInput } from "@/lib/validation/contracts";
import { recordAudit } from "@/lib/audit/record-audit";
import { announceContract } from "@/lib/notifications/announce";
import { contractFor } from "./access";
import { applyStatus } from "./change-status";
import { isClosed } from "./status";

/**
 * R9.2 "end and hire again with new terms": ends the old contract (its last
 * week is prorated at the close) and creates the new one, in one transaction.
 * Choice: the new contract is an offer the freelancer accepts, because its
 * terms changed; the old one ends at once.
 */
export async function rehire(actor: CurrentUser, contractId: string, input: RehireInput, now: Date): Promise<{ id: string }> {
  return db().$transaction(async (tx) => {
    const old = await contractFor(tx, actor, contractId, { forUpdate: true });
    if (isClosed(old.status)) throw new ApiError("conflict", "This contract has already ended.");
    await applyStatus(tx, actor, old, "end", now);
    const created = await tx.contract.create({
      data: {
        title: input.title, clientId: old.clientId, freelancerId: old.freelancerId, createdById: actor.id, status: "OFFER",
        hourlyRateCents: input.hourlyRateCents, manualTimeAllowed: input.manualTimeAllowed, weeklyPaymentCents: input.weeklyPaymentCents,
        startsAt: now, createdAt: now, replacesId: old.id,
        limitChanges: { create: { limitMinutes: input.weeklyLimitHours === null ? null : input.weeklyLimitHours * 60, requestedAt: now, effectiveFrom: now, requestedById: actor.id } },
        conversation: { create: { createdAt: now } },
      },
    });
    await recordAudit(tx, {
      actorId: actor.id, action: "contract.rehired", entityType: "contract", entityId: created.id,
      before: { replaces: old.id, hourlyRateCents: old.hourlyRateCents, weeklyPaymentCents: old.weeklyPaymentCents },
      after: { ...input }, at: now,
    });
    await announceContract(tx, created.id, "offer_received", actor.id);
    return { id: created.id };
  });
}

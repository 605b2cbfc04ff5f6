import "server-only";
// R7.1 the client disputes billed segments of an invoiced week, during its review
// window, with a reason. In one transaction: the contract is paused (R7.2) and the
// freelancer's net share of the segments is held (R7.4); then both parties and the
// admins are told. A week may hold several disputes, each on segments no other
// open or settled dispute holds; each pauses the contract until it is resolved.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { ApiError, invalid, notFound, rule } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { canFileDispute, classifyContractWeek, disputeResponseDeadline, hourlyProtection, refundForMinutes, weekEndOf, SLOT_MINUTES, type LimitChange } from "@/lib/billing";
import { transaction, type Tx } from "@/lib/ledger/db";
import { referenceId } from "@/lib/ledger/ids";
import { isUniqueViolation } from "@/lib/ledger/pg-errors";
import { bookHold, invoicedHourly } from "./dispute-money";
import { announceDisputes } from "./dispute-events";
import { announceDispute } from "@/lib/notifications/announce";
import { pauseForDispute } from "./dispute-pause";
import { getDispute, type DisputeView } from "./get-dispute";
import { appendProofRecords } from "@/lib/proof/chain";
import { disputeFiledDraft } from "@/lib/proof/drafts";

export interface FileDisputeInput {
  contractId: string;
  weekStart: Date;
  segmentIds: string[];
  reason: string;
}

/**
 * R7.1 a segment is disputed at most once: not while a dispute holds it, nor after one settled it.
 * Choice: a withdrawn dispute lets its segments go (R7.4 they are paid as usual), so the client may
 * still dispute them within the review window.
 */
async function assertNotDisputed(tx: Tx, segmentIds: readonly string[]): Promise<void> {
  const taken = await tx.disputeSegment.count({ where: { segmentId: { in: [...segmentIds] }, dispute: { status: { not: "WITHDRAWN" } } } });
  if (taken > 0) throw invalid("segmentIds", "Some of these segments are already in a dispute; dispute only segments no other dispute holds.");
}

export async function fileDispute(user: CurrentUser, input: FileDisputeInput, now: Date): Promise<DisputeView> {
  const prisma = db();
  const contract = await prisma.contract.findFirst({ where: { id: input.contractId, clientId: user.id }, include: { client: { select: { paymentVerifiedAt: true } } } });
  if (!contract) throw notFound("No such contract.");
  const invoice = await prisma.invoice.findUnique({ where: { contractId_weekStart: { contractId: contract.id, weekStart: input.weekStart } } });
  if (!invoice) throw invalid("weekStart", "That week has no invoice to dispute.");
  if (!rule(() => canFileDispute(input.weekStart, now), { weekStart: "weekStart" })) throw invalid("weekStart", "The review window of that week is over."); // R7.1

  // R7.1 only billed segments of the week: the week is classified again exactly as the close did
  const weekEnd = weekEndOf(input.weekStart);
  const [segments, limits] = await Promise.all([
    prisma.segment.findMany({ where: { contractId: contract.id, deletedAt: null, slotStart: { gte: input.weekStart, lt: weekEnd } }, include: { screenshot: { select: { id: true } } }, orderBy: { slotStart: "asc" } }),
    prisma.weeklyLimitChange.findMany({ where: { contractId: contract.id, requestedAt: { lt: weekEnd } }, orderBy: [{ requestedAt: "asc" }, { id: "asc" }] }),
  ]);
  const changes: LimitChange[] = limits.map((l) => ({ at: l.requestedAt, limitHours: l.limitMinutes === null ? null : l.limitMinutes / 60 }));
  const classified = changes.length > 0
    ? rule(() => classifyContractWeek({ weekStart: input.weekStart, segments: segments.map((s) => ({ slotStart: s.slotStart, manual: s.kind === "MANUAL" })), limitChanges: changes }))
    : null;
  const billed = new Map(segments.filter((_, i) => classified === null || classified.classes[i] !== "over_limit").map((s) => [s.id, s]));
  const wanted = [...new Set(input.segmentIds)];
  const disputed = wanted.map((id) => billed.get(id));
  if (wanted.length === 0 || disputed.some((s) => s === undefined)) throw invalid("segmentIds", "Dispute only billed segments of that week.");

  const clientVerified = contract.client.paymentVerifiedAt !== null && contract.client.paymentVerifiedAt <= now;
  const verdicts = disputed.map((s) =>
    hourlyProtection({
      manual: s!.kind === "MANUAL", hasScreenshot: s!.screenshot !== null, activityLevel: s!.kind === "MANUAL" ? null : s!.activityLevel,
      memo: s!.memo, withinLimit: true, clientHasVerifiedPaymentMethod: clientVerified,
    }),
  );
  const refund = rule(() => refundForMinutes(invoicedHourly(invoice), disputed.length * SLOT_MINUTES), { refundedMinutes: "segmentIds" });

  const id = randomUUID();
  const disputeRef = referenceId("DSP", now, `dispute:${invoice.id}:${id}`);
  try {
    await transaction(async (tx) => {
      // the contract row is locked first (as in resolution), then the dispute, then the ledger
      await pauseForDispute(tx, { contractId: contract.id, disputeId: id, disputeRef, actorId: user.id }, now);
      // under the contract's lock, which every filing and settling of its disputes takes first
      await assertNotDisputed(tx, wanted);
      await tx.dispute.create({
        data: {
          id, referenceId: disputeRef, contractId: contract.id, invoiceId: invoice.id, filedById: user.id, reason: input.reason, status: "OPEN",
          filedAt: now, respondBy: disputeResponseDeadline(now), heldCents: refund.refundCents,
          segments: { create: disputed.map((s, i) => ({ segmentId: s!.id, protected: verdicts[i]!.protected })) },
        },
      });
      await bookHold(tx, { disputeId: id, disputeRef, contractId: contract.id, clientId: contract.clientId, freelancerId: contract.freelancerId, invoiceId: invoice.id, weekStart: input.weekStart }, refund.freelancerDeductionCents, now);
      await announceDispute(tx, id, "dispute_filed");
      // R15.2 last, so the chain's head is locked only for the end of the transaction
      await appendProofRecords(tx, contract.id, [disputeFiledDraft({ disputeId: id, reference: disputeRef, slots: disputed.map((s) => s!.slotStart) }, user.id, now)]);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiError("conflict", "That dispute was already filed.");
    throw error;
  }
  await announceDisputes([{ disputeId: id, contractId: contract.id, clientId: contract.clientId, freelancerId: contract.freelancerId }]);
  return (await getDispute(user, id, now))!;
}

import "server-only";
// R7.3 / R7.4 how a dispute ends, each one transaction moving status only from states it may leave, with idempotent
// bookings: accepted, all disputed segments refunded; declined or unanswered, admin review; reviewed, exactly the
// segments failing Hourly Protection refunded (audit-logged); withdrawn, nothing. Each ends the contract's pause (R7.2).
import { db } from "@/lib/db/client";
import { ApiError, notFound, rule } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { adminReviewRefund, refundAfterPrior, SLOT_MINUTES, type DisputeRefund } from "@/lib/billing";
import type { DisputeStatus } from "@/lib/generated/prisma/enums";
import { transaction, type Tx } from "@/lib/ledger/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { bookResolution, invoicedHourly, type DisputeContext } from "./dispute-money";
import { announceDisputes, type DisputeParties } from "./dispute-events";
import { announceDispute, type DisputeEvent } from "@/lib/notifications/announce";
import { resumeAfterDispute } from "./dispute-pause";
import { disputeScope, getDispute, type DisputeView } from "./get-dispute";
import { appendProofRecords } from "@/lib/proof/chain";
import { disputeSettledDraft } from "@/lib/proof/drafts";

async function load(user: CurrentUser, id: string) {
  const d = await db().dispute.findFirst({
    where: { id, ...disputeScope(user) },
    include: {
      contract: { include: { client: { select: { paymentVerifiedAt: true } } } },
      invoice: true,
      segments: { include: { segment: { include: { screenshot: { select: { id: true } } } } }, orderBy: { segmentId: "asc" } },
    },
  });
  if (!d) throw notFound("No such dispute.");
  return d;
}

type Loaded = Awaited<ReturnType<typeof load>>;

function contextOf(d: Loaded): DisputeContext {
  return { disputeId: d.id, disputeRef: d.referenceId, contractId: d.contractId, clientId: d.contract.clientId, freelancerId: d.contract.freelancerId, invoiceId: d.invoiceId, weekStart: d.invoice.weekStart };
}

/** Moves the dispute from one of `from` to `to`; false when another request got there first. */
async function transition(tx: Tx, id: string, from: DisputeStatus[], to: DisputeStatus, data: { respondedAt?: Date; resolvedAt?: Date; resolvedById?: string; resolution?: string; refundedCents?: number }): Promise<boolean> {
  const n = await tx.dispute.updateMany({ where: { id, status: { in: from } }, data: { status: to, ...data } });
  return n.count === 1;
}

function partiesOf(d: Loaded): DisputeParties {
  return { disputeId: d.id, contractId: d.contractId, clientId: d.contract.clientId, freelancerId: d.contract.freelancerId };
}

function refused(d: Loaded, what: string): ApiError {
  return new ApiError("conflict", `This dispute is ${d.status.toLowerCase()}: it can no longer be ${what}.`);
}

/**
 * R7.3 what refunding these segments gives back, after what the week's other disputes have refunded
 * already (lib/billing refundAfterPrior: together never more than the invoice); null for nothing.
 * Read under the contract's lock, which every settlement of the contract's disputes takes first.
 */
async function refundOf(tx: Tx, d: Loaded, refundedSegments: number): Promise<DisputeRefund | null> {
  if (refundedSegments === 0) return null;
  const prior = await tx.disputeSegment.count({ where: { refunded: true, disputeId: { not: d.id }, dispute: { invoiceId: d.invoiceId } } });
  return rule(() => refundAfterPrior(invoicedHourly(d.invoice), prior * SLOT_MINUTES, refundedSegments * SLOT_MINUTES));
}

// R16.4 how each way of ending a dispute is announced (lib/notifications/announce.ts says to whom).
const SETTLED: Partial<Record<DisputeStatus, DisputeEvent>> = {
  ACCEPTED: "dispute_accepted", WITHDRAWN: "dispute_withdrawn", RESOLVED: "dispute_resolved",
};

async function settle(user: CurrentUser, d: Loaded, from: DisputeStatus[], to: DisputeStatus, refundedSegmentIds: string[], data: Parameters<typeof transition>[4], now: Date, what: string): Promise<DisputeView> {
  await transaction(async (tx) => {
    // the contract row first (as in filing), then the dispute, then the ledger
    await resumeAfterDispute(tx, { contractId: d.contractId, disputeId: d.id, disputeRef: d.referenceId, actorId: user.id }, now);
    const refund = await refundOf(tx, d, refundedSegmentIds.length);
    if (!(await transition(tx, d.id, from, to, { ...data, refundedCents: refund?.refundCents ?? 0 }))) throw refused(d, what);
    if (refundedSegmentIds.length > 0) await tx.disputeSegment.updateMany({ where: { disputeId: d.id, segmentId: { in: refundedSegmentIds } }, data: { refunded: true } });
    await bookResolution(tx, contextOf(d), refund, now);
    const settled = SETTLED[to];
    if (settled) await announceDispute(tx, d.id, settled);
    if (user.role === "ADMIN") {
      await recordAudit(tx, {
        actorId: user.id, action: `dispute.${to.toLowerCase()}`, entityType: "dispute", entityId: d.id,
        before: { status: d.status, reference: d.referenceId, heldCents: d.heldCents, refundedCents: 0 },
        after: { status: to, reference: d.referenceId, refundedCents: refund?.refundCents ?? 0, refundedSegments: refundedSegmentIds.length, disputedSegments: d.segments.length },
        at: now,
      });
    }
    // R15.2 last, so the chain's head is locked only for the end of the transaction
    const refunded = new Set(refundedSegmentIds);
    const slots = d.segments.map((s) => s.segment.slotStart);
    const refundedSlots = d.segments.filter((s) => refunded.has(s.segmentId)).map((s) => s.segment.slotStart);
    await appendProofRecords(tx, d.contractId, [disputeSettledDraft({ disputeId: d.id, reference: d.referenceId, slots, outcome: to.toLowerCase(), refundedSlots }, user.id, now)]);
  });
  await announceDisputes([partiesOf(d)]);
  return (await getDispute(user, d.id, now))!;
}

/** R7.3 the freelancer's answer, within 3 days of filing. */
export async function respondToDispute(user: CurrentUser, id: string, answer: "accept" | "decline", now: Date): Promise<DisputeView> {
  const d = await load(user, id);
  if (d.contract.freelancerId !== user.id) throw notFound("No such dispute.");
  // lib/billing's Choice: an answer at or after the deadline is too late
  if (d.status !== "OPEN" || now >= d.respondBy) throw refused(d, "answered");
  if (answer === "decline") {
    await transaction(async (tx) => {
      if (!(await transition(tx, d.id, ["OPEN"], "ESCALATED", { respondedAt: now }))) throw refused(d, "answered");
      await announceDispute(tx, d.id, "dispute_declined");
    });
    await announceDisputes([partiesOf(d)]);
    return (await getDispute(user, d.id, now))!;
  }
  return settle(user, d, ["OPEN"], "ACCEPTED", d.segments.map((s) => s.segmentId), { respondedAt: now, resolvedAt: now, resolution: "Accepted by the freelancer: all disputed time refunded." }, now, "answered");
}

/** R7.4 the client withdraws the dispute: the segments are paid as usual. */
export async function withdrawDispute(user: CurrentUser, id: string, now: Date): Promise<DisputeView> {
  const d = await load(user, id);
  if (d.contract.clientId !== user.id) throw notFound("No such dispute.");
  // lib/billing's Choice: the client may withdraw until the dispute is resolved, admin review included
  return settle(user, d, ["OPEN", "ESCALATED"], "WITHDRAWN", [], { resolvedAt: now, resolution: "Withdrawn by the client: paid as usual." }, now, "withdrawn");
}

/**
 * R7.3 admin review: refunds exactly the disputed segments that fail Hourly Protection, pays the rest.
 * Choice: an admin applies it (the rule decides the amounts); escalation alone moves no money.
 */
export async function resolveDispute(admin: CurrentUser, id: string, now: Date): Promise<DisputeView> {
  if (admin.role !== "ADMIN") throw new ApiError("forbidden", "Only admins review disputes.");
  const d = await load(admin, id);
  const overdue = d.status === "OPEN" && now >= d.respondBy;
  if (d.status !== "ESCALATED" && !overdue) throw new ApiError("conflict", "This dispute is not awaiting admin review.");
  // Choice: the client's verified payment method counts as it was when the dispute was filed
  const verified = d.contract.client.paymentVerifiedAt !== null && d.contract.client.paymentVerifiedAt <= d.filedAt;
  const inputs = d.segments.map((s) => ({
    manual: s.segment.kind === "MANUAL", hasScreenshot: s.segment.screenshot !== null, activityLevel: s.segment.kind === "MANUAL" ? null : s.segment.activityLevel,
    memo: s.segment.memo, withinLimit: true, clientHasVerifiedPaymentMethod: verified,
  }));
  const review = rule(() => adminReviewRefund(invoicedHourly(d.invoice), inputs));
  const refunded = review.refundedIndexes.map((i) => d.segments[i]!.segmentId);
  const resolution = `Admin review: ${refunded.length} of ${d.segments.length} disputed segments failed Hourly Protection and were refunded.`;
  return settle(admin, d, ["OPEN", "ESCALATED"], "RESOLVED", refunded, { resolvedAt: now, resolvedById: admin.id, resolution }, now, "reviewed");
}

/** R7.3 no answer within 3 days: the dispute goes to admin review. */
export async function escalateOverdueDisputes(now: Date): Promise<number> {
  const rows = await transaction(async (tx) => {
    const escalated = await tx.$queryRaw<Array<{ id: string; contract_id: string; client_id: string; freelancer_id: string }>>`
      UPDATE disputes d SET status = 'ESCALATED' FROM contracts c
      WHERE d.contract_id = c.id AND d.status = 'OPEN' AND d.respond_by <= ${now}
      RETURNING d.id::text AS id, d.contract_id::text AS contract_id, c.client_id::text AS client_id, c.freelancer_id::text AS freelancer_id`;
    for (const r of escalated) await announceDispute(tx, r.id, "dispute_escalated");
    return escalated;
  });
  await announceDisputes(rows.map((r) => ({ disputeId: r.id, contractId: r.contract_id, clientId: r.client_id, freelancerId: r.freelancer_id })));
  return rows.length;
}

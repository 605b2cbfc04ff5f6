// R7 disputes: when one may be filed, the freelancer's deadline, where it stands, and its refund.
import { RULES } from "../config/rules";
import { BillingError } from "./errors";
import { splitCents } from "./money";
import { type ProtectionInput, type ProtectionVerdict, hourlyProtection } from "./protection";
import { DAY_MS, SLOT_MINUTES, isInReviewWindow } from "./time";
import { assertCents, assertMinutes, assertOrdered, msOf } from "./validate";

/** R7.1 a dispute on a week's invoice may be filed from the close until Friday 23:59:59 of the review window. */
export function canFileDispute(weekStart: Date, now: Date): boolean {
  return isInReviewWindow(weekStart, now);
}

/**
 * R7.3 the freelancer must accept or decline before this instant.
 * Choice: "3 days" is 3 x 24 h from filing, and an answer at the deadline instant itself is too late.
 */
export function disputeResponseDeadline(filedAt: Date): Date {
  return new Date(msOf(filedAt, "filedAt") + RULES.disputes.responseDays * DAY_MS);
}

export type DisputeStage = "awaiting_freelancer" | "accepted" | "admin_review" | "withdrawn";

export type DisputeHistory = {
  filedAt: Date;
  freelancerResponse: { kind: "accept" | "decline"; at: Date } | null;
  withdrawnAt: Date | null;
};

/**
 * R7.3 / R7.4 where a dispute stands at `now`. Events later than `now` have not happened yet.
 * Choice: an answer arriving at or after the deadline is ignored (the dispute is already with an admin).
 * Choice: the client may withdraw until the dispute is resolved, including during admin review;
 * acceptance resolves it, so a withdrawal after acceptance does nothing, and a withdrawal at the same
 * instant as an acceptance wins (segments paid as usual, R7.4). Callers stop asking once an admin decides.
 */
export function disputeStage(dispute: DisputeHistory, now: Date): DisputeStage {
  const filed = msOf(dispute.filedAt, "filedAt");
  const t = msOf(now, "now");
  const deadline = filed + RULES.disputes.responseDays * DAY_MS;
  let responseAt = Number.POSITIVE_INFINITY;
  if (dispute.freelancerResponse !== null) {
    const at = msOf(dispute.freelancerResponse.at, "freelancerResponse.at");
    assertOrdered(filed, at, "freelancerResponse.at");
    if (at <= t && at < deadline) responseAt = at;
  }
  let withdrawnAt = Number.POSITIVE_INFINITY;
  if (dispute.withdrawnAt !== null) {
    const at = msOf(dispute.withdrawnAt, "withdrawnAt");
    assertOrdered(filed, at, "withdrawnAt");
    if (at <= t) withdrawnAt = at;
  }
  const accepted = responseAt !== Number.POSITIVE_INFINITY && dispute.freelancerResponse?.kind === "accept";
  if (accepted && responseAt < withdrawnAt) return "accepted";
  if (withdrawnAt !== Number.POSITIVE_INFINITY) return "withdrawn";
  if (responseAt !== Number.POSITIVE_INFINITY || t >= deadline) return "admin_review";
  return "awaiting_freelancer";
}

/** The figures of the week's invoice as booked (their fees were rounded then; they are not recomputed). */
export type InvoicedWeek = {
  billableMinutes: number;
  amountCents: number;
  clientFeeCents: number;
  serviceFeeCents: number;
};

export type DisputeRefund = {
  refundedMinutes: number;
  /** the refunded share of the invoice amount */
  refundCents: number;
  /** the refunded share of the client fee */
  clientFeeRefundCents: number;
  /** refundCents + clientFeeRefundCents: what goes back to the client */
  clientRefundTotalCents: number;
  /** the share of the service fee the platform gives back */
  serviceFeeReversalCents: number;
  /** refundCents - serviceFeeReversalCents: what leaves the freelancer's earnings */
  freelancerDeductionCents: number;
  /** amountCents - refundCents: what the freelancer is still paid, gross */
  keptAmountCents: number;
};

/**
 * R7.3 the refund of `refundedMinutes` of an invoiced week: the invoice amount, client fee and
 * service fee are each split by minutes into a refunded and a kept share that add up exactly.
 * Choice: the refund is a share of the booked amount (not minutes x rate again), so refunded + kept
 * always equals what was invoiced; the client fee on the refunded share goes back to the client and
 * the service fee on it goes back to the freelancer's side, so the freelancer loses only the net.
 */
export function refundForMinutes(invoice: InvoicedWeek, refundedMinutes: number): DisputeRefund {
  assertMinutes(invoice.billableMinutes, "invoice.billableMinutes");
  assertCents(invoice.amountCents, "invoice.amountCents");
  assertCents(invoice.clientFeeCents, "invoice.clientFeeCents");
  assertCents(invoice.serviceFeeCents, "invoice.serviceFeeCents");
  assertMinutes(refundedMinutes, "refundedMinutes");
  if (refundedMinutes > invoice.billableMinutes) {
    throw new BillingError("NOT_BILLED", "refundedMinutes", "More time is disputed than was billed that week.");
  }
  if (invoice.serviceFeeCents > invoice.amountCents) {
    throw new BillingError("INVALID_CENTS", "invoice.serviceFeeCents", "the service fee cannot exceed the amount");
  }
  const weights = [refundedMinutes, invoice.billableMinutes - refundedMinutes];
  const [refund = 0] = splitCents(invoice.amountCents, weights);
  const [clientFeeRefund = 0] = splitCents(invoice.clientFeeCents, weights);
  const [serviceFeeReversal = 0] = splitCents(invoice.serviceFeeCents, weights);
  return refundFigures(refundedMinutes, refund, clientFeeRefund, serviceFeeReversal, invoice.amountCents - refund);
}

function refundFigures(refundedMinutes: number, refund: number, clientFeeRefund: number, serviceFeeReversal: number, keptAmountCents: number): DisputeRefund {
  return {
    refundedMinutes,
    refundCents: refund,
    clientFeeRefundCents: clientFeeRefund,
    clientRefundTotalCents: refund + clientFeeRefund,
    serviceFeeReversalCents: serviceFeeReversal,
    freelancerDeductionCents: refund - serviceFeeReversal,
    keptAmountCents,
  };
}

/**
 * R7.3 the refund of `refundedMinutes` more of a week whose earlier disputes already refunded
 * `priorRefundedMinutes`: the difference between refunding both together and the prior ones alone.
 * Choice: a week may hold several disputes (on different segments, R7.1); settled one after
 * another, their refunds add up to exactly what refunding all their minutes at once would give, so
 * the rounding of separate splits can never hand back a cent more than the invoice holds.
 */
export function refundAfterPrior(invoice: InvoicedWeek, priorRefundedMinutes: number, refundedMinutes: number): DisputeRefund {
  assertMinutes(priorRefundedMinutes, "priorRefundedMinutes");
  assertMinutes(refundedMinutes, "refundedMinutes");
  const before = refundForMinutes(invoice, priorRefundedMinutes);
  const after = refundForMinutes(invoice, priorRefundedMinutes + refundedMinutes);
  return refundFigures(
    refundedMinutes,
    after.refundCents - before.refundCents,
    after.clientFeeRefundCents - before.clientFeeRefundCents,
    after.serviceFeeReversalCents - before.serviceFeeReversalCents,
    after.keptAmountCents,
  );
}

/** R7.3 accepted by the freelancer: every disputed segment is refunded. */
export function acceptedDisputeRefund(invoice: InvoicedWeek, disputedSegmentCount: number): DisputeRefund {
  if (!Number.isSafeInteger(disputedSegmentCount) || disputedSegmentCount < 0) {
    throw new BillingError("INVALID_ARGUMENT", "disputedSegmentCount", "disputedSegmentCount must be a non-negative integer");
  }
  return refundForMinutes(invoice, disputedSegmentCount * SLOT_MINUTES);
}

export type AdminReviewResult = DisputeRefund & {
  /** indexes into the disputed segments that fail Hourly Protection and are refunded */
  refundedIndexes: number[];
  verdicts: ProtectionVerdict[];
};

/**
 * R7.3 admin review (declined, or no answer in 3 days): refunds exactly the disputed segments
 * that fail Hourly Protection and pays the rest. Disputed segments must be billed (R7.1), so one
 * marked over limit is NOT_BILLED rather than a refund reason.
 */
export function adminReviewRefund(invoice: InvoicedWeek, disputed: readonly ProtectionInput[]): AdminReviewResult {
  const refundedIndexes: number[] = [];
  const verdicts: ProtectionVerdict[] = [];
  for (let i = 0; i < disputed.length; i++) {
    const segment = disputed[i] as ProtectionInput;
    if (!segment.withinLimit) throw new BillingError("NOT_BILLED", `disputed[${i}].withinLimit`, "Time over the weekly limit was never billed, so it cannot be disputed."); // R4.2, R7.1
    const verdict = hourlyProtection(segment);
    verdicts.push(verdict);
    if (!verdict.protected) refundedIndexes.push(i);
  }
  if (disputed.length * SLOT_MINUTES > invoice.billableMinutes) {
    throw new BillingError("NOT_BILLED", "disputed", "More time is disputed than was billed that week.");
  }
  return { ...refundForMinutes(invoice, refundedIndexes.length * SLOT_MINUTES), refundedIndexes, verdicts };
}

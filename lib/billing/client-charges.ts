// R14.3 / R14.4 client charges: when a failed weekly charge is tried again, when an unpaid one is
// written off, and which share of an unpaid week's hourly line Hourly Protection guarantees.
import { RULES } from "../config/rules";
import { refundForMinutes, type InvoicedWeek } from "./disputes";
import { BillingError } from "./errors";
import { DAY_MS, assertWeekStart, closeMsOf } from "./time";

/**
 * R14.3 when the next scheduled attempt of a week's charge is due, after `scheduledFailures` failed
 * scheduled attempts (the close's own, then the retries at close + 1 day and close + 3 days);
 * null when none is left: the client is past due.
 * Choice: the retry instants are counted from the close, not from the failure, so a late job does
 * not push them later; a retry whose instant has already passed is due at once.
 */
export function nextChargeRetryAt(weekStart: Date, scheduledFailures: number): Date | null {
  if (!Number.isSafeInteger(scheduledFailures) || scheduledFailures < 1) {
    throw new BillingError("INVALID_ARGUMENT", "scheduledFailures", "scheduledFailures must be a positive integer");
  }
  const days = RULES.clientBilling.retryDaysAfterClose[scheduledFailures - 1];
  return days === undefined ? null : new Date(closeMsOf(assertWeekStart(weekStart)) + days * DAY_MS);
}

/** R14.3 the number of scheduled attempts (the close's and each retry) before the client is past due. */
export const SCHEDULED_CHARGE_ATTEMPTS = RULES.clientBilling.retryDaysAfterClose.length + 1;

/** R14.4 a weekly charge still unpaid at this instant (the close + 30 days) is written off. */
export function chargeWriteOffAt(weekStart: Date): Date {
  return new Date(closeMsOf(assertWeekStart(weekStart)) + RULES.clientBilling.writeOffDaysAfterClose * DAY_MS);
}

export type UnpaidHourlyShares = {
  /** the freelancer's net of the protected segments: it matures whatever the client does */
  protectedNetCents: number;
  /** the freelancer's net of the unprotected segments: held until the charge succeeds */
  heldNetCents: number;
  /** the client and service fees of the unprotected segments (undone with them at a write-off) */
  heldFeesCents: number;
};

/**
 * R14.4 the hourly line of an unpaid week split into its protected and unprotected parts by the
 * minutes of the unprotected billed segments, with the same pro rata as a dispute's refund
 * (refundForMinutes: amount, client fee and service fee each split once, the shares adding up to
 * the line as booked).
 */
export function unpaidHourlyShares(invoice: InvoicedWeek, unprotectedMinutes: number): UnpaidHourlyShares {
  const unprotected = refundForMinutes(invoice, unprotectedMinutes);
  const net = invoice.amountCents - invoice.serviceFeeCents;
  return {
    protectedNetCents: net - unprotected.freelancerDeductionCents,
    heldNetCents: unprotected.freelancerDeductionCents,
    heldFeesCents: unprotected.clientFeeRefundCents + unprotected.serviceFeeReversalCents,
  };
}

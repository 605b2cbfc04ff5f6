// The one error type of the billing rules. Bad input throws it; a rule never
// answers bad input with a number. The API layer maps `code` to an HTTP status
// (all of these are 422 validation errors, except where the caller decides otherwise).

export const BILLING_ERROR_CODES = [
  /** money that is negative, fractional or beyond Number.MAX_SAFE_INTEGER */
  "INVALID_CENTS",
  /** a count of minutes that is negative or fractional */
  "INVALID_MINUTES",
  /** a fee that is not an integer number of basis points in 0..10000 */
  "INVALID_BASIS_POINTS",
  /** a weekly limit that is negative */
  "NEGATIVE_LIMIT",
  /** a weekly limit that is not a whole number of hours, or not a number */
  "INVALID_LIMIT",
  /** limit changes out of order, or a week before the first one */
  "INVALID_LIMIT_HISTORY",
  /** an instant that is not a valid Date */
  "INVALID_DATE",
  /** a slot start not aligned to the 10-minute grid */
  "SLOT_NOT_ALIGNED",
  /** an instant that should be a Monday 00:00:00.000 UTC week start and is not */
  "NOT_WEEK_START",
  /** a segment outside the week being classified */
  "SEGMENT_OUTSIDE_WEEK",
  /** segments not strictly chronological (which also rules out two in one slot) */
  "SEGMENTS_NOT_CHRONOLOGICAL",
  /** an end (or later event) before its start */
  "END_BEFORE_START",
  /** an activity level outside 0..10, or malformed per-minute counts */
  "INVALID_ACTIVITY",
  /** a percentage, weight list or probability outside its domain */
  "INVALID_ARGUMENT",
  /** a payout method kind that RULES.md does not know */
  "UNKNOWN_PAYOUT_METHOD",
  /** a payout schedule that RULES.md does not know */
  "UNKNOWN_PAYOUT_SCHEDULE",
  /** R10.2 a withdrawal above the available balance */
  "AMOUNT_EXCEEDS_AVAILABLE",
  /** R10.2 a withdrawal that is not above the method's fee */
  "AMOUNT_NOT_ABOVE_FEE",
  /** R10.1 a payout method used before its 3-day hold is over */
  "METHOD_NOT_USABLE_YET",
  /** a bonus (or other payment) of zero cents */
  "AMOUNT_NOT_POSITIVE",
  /** a bonus above the configured limit (lib/config/rules.ts bonusMaxCents) */
  "AMOUNT_ABOVE_LIMIT",
  /** disputed time that was not billed (more than the invoice holds) */
  "NOT_BILLED",
] as const;

export type BillingErrorCode = (typeof BILLING_ERROR_CODES)[number];

export class BillingError extends Error {
  override readonly name = "BillingError";

  constructor(
    readonly code: BillingErrorCode,
    /** the input field at fault, as the caller named it (e.g. "amountCents", "segments[3].slotStart") */
    readonly field: string,
    message?: string,
  ) {
    super(message ?? `${code}: ${field}`);
  }
}

export function isBillingError(value: unknown): value is BillingError {
  return value instanceof BillingError;
}

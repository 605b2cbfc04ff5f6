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
  /** a payout method kind that docs/rules.md does not know */
  "UNKNOWN_PAYOUT_METHOD",
  /** a payout schedule that docs/rules.md does not know */
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

/**
 * What a person reads when a rule refuses their request (the API's 422, shown beside the field):
 * `message` names the input for developers and logs ("amountCents must be ..."), this does not.
 * null: the rule's own message is already written for people (it names a limit or an amount).
 * Choice: one plain sentence per code rather than the rule's wording, so no field key, stored name
 * or rule number reaches a page, even from a refusal no caller expected.
 */
export const BILLING_ERROR_TEXT: Readonly<Record<BillingErrorCode, string | null>> = {
  INVALID_CENTS: "Enter an amount in whole cents, not below zero.",
  INVALID_MINUTES: "Enter a whole number of minutes, not below zero.",
  INVALID_BASIS_POINTS: "A fee must be between 0% and 100%.",
  NEGATIVE_LIMIT: "The weekly limit cannot be negative.",
  INVALID_LIMIT: "Enter the weekly limit in whole hours, or choose no limit.",
  INVALID_LIMIT_HISTORY: "The contract's weekly limit for that week could not be worked out; nothing was changed.",
  INVALID_DATE: "Enter a valid date and time.",
  SLOT_NOT_ALIGNED: "Time is counted in whole slots of the Work Diary (:00, :10 … :50 UTC).",
  NOT_WEEK_START: "A week starts on a Monday.", // R1.1
  SEGMENT_OUTSIDE_WEEK: "That time is not in the chosen week.",
  SEGMENTS_NOT_CHRONOLOGICAL: "A slot is listed twice or out of order.",
  END_BEFORE_START: "The end must be after the start.",
  INVALID_ACTIVITY: "The activity counts of that time are not valid.",
  INVALID_ARGUMENT: "This request could not be worked out; nothing was changed.",
  UNKNOWN_PAYOUT_METHOD: "Choose one of the payout methods offered.",
  UNKNOWN_PAYOUT_SCHEDULE: "Choose one of the payout schedules offered.",
  AMOUNT_EXCEEDS_AVAILABLE: "The amount is more than your available balance.", // R10.2
  AMOUNT_NOT_ABOVE_FEE: "The amount must be more than the payout method's fee.", // R10.2
  METHOD_NOT_USABLE_YET: "This payout method cannot be used yet: a new method waits a few days after it is added.", // R10.1
  AMOUNT_NOT_POSITIVE: "The amount must be at least 1 cent.",
  AMOUNT_ABOVE_LIMIT: null,
  NOT_BILLED: null,
};

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

  /** The refusal in a person's words (BILLING_ERROR_TEXT), for the API's 422. */
  get userMessage(): string {
    return BILLING_ERROR_TEXT[this.code] ?? this.message;
  }
}

export function isBillingError(value: unknown): value is BillingError {
  return value instanceof BillingError;
}

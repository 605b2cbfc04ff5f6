// R1 time rules and the R6.3 / R8 / R9.3 earning timeline. All instants are UTC;
// Dates come in and go out, epoch milliseconds are used inside.
import { RULES } from "../config/rules";
import { BillingError } from "./errors";
import { msOf } from "./validate";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;
/** R1.2 one slot */
export const SLOT_MINUTES: number = RULES.time.slotMinutes;
export const SLOT_MS = SLOT_MINUTES * MINUTE_MS;
/** 1970-01-05T00:00:00Z, the first Monday after the epoch (R1.1 weeks start on Monday). */
const EPOCH_MONDAY_MS = 4 * DAY_MS;

/** Modulo that is never negative (nor -0), so instants before 1970 work too. */
export function mod(a: number, b: number): number {
  const r = a % b;
  return r < 0 ? r + b : r + 0;
}

/** 1 = Monday ... 7 = Sunday, of the UTC day holding `ms`. */
export function isoWeekdayOfMs(ms: number): number {
  return mod(Math.floor(ms / DAY_MS) + 3, 7) + 1;
}

export function startOfUtcDayMs(ms: number): number {
  return ms - mod(ms, DAY_MS);
}

// R1.1 the week (Monday 00:00 UTC) in which an instant falls
export function weekStartMsOf(ms: number): number {
  return ms - mod(ms - EPOCH_MONDAY_MS, WEEK_MS);
}

/** R1.1 Monday 00:00:00 UTC of the work week that holds `instant`; a segment belongs to the week its slot starts in. */
export function weekStartOf(instant: Date): Date {
  return new Date(weekStartMsOf(msOf(instant, "instant")));
}

/** R1.1 the exclusive end of a work week: the following Monday 00:00 UTC. */
export function weekEndOf(weekStart: Date): Date {
  return new Date(assertWeekStart(weekStart) + WEEK_MS);
}

/**
 * Guard for parameters that must name a week by its start. Taking only exact
 * week starts (rather than "any instant of the week") turns a caller passing,
 * say, the close instant into an error instead of the next week's numbers.
 */
export function assertWeekStart(weekStart: Date, field = "weekStart"): number {
  const ms = msOf(weekStart, field);
  if (weekStartMsOf(ms) !== ms) {
    throw new BillingError("NOT_WEEK_START", field, `${field} must be a Monday 00:00:00.000 UTC, got ${weekStart.toISOString()}`);
  }
  return ms;
}

/** R1.2 true when `instant` is exactly on the 10-minute grid (:00, :10 ... :50, zero seconds and ms). */
export function isSlotStart(instant: Date): boolean {
  return mod(msOf(instant, "instant"), SLOT_MS) === 0;
}

/** R1.2 throws SLOT_NOT_ALIGNED unless `slotStart` is on the 10-minute grid; returns its epoch ms. */
export function assertSlotStart(slotStart: Date, field = "slotStart"): number {
  const ms = msOf(slotStart, field);
  if (mod(ms, SLOT_MS) !== 0) {
    throw new BillingError("SLOT_NOT_ALIGNED", field, `${field} must be aligned to ${SLOT_MINUTES} minutes UTC, got ${slotStart.toISOString()}`);
  }
  return ms;
}

/** R1.2 the slot that holds `instant`. */
export function slotStartOf(instant: Date): Date {
  const ms = msOf(instant, "instant");
  return new Date(ms - mod(ms, SLOT_MS));
}

export function closeMsOf(weekStartMs: number): number {
  return weekStartMs + WEEK_MS + RULES.time.closeHourUtc * HOUR_MS;
}

/** R1.3 the weekly close: the following Monday at 12:00 UTC. */
export function weekCloseAt(weekStart: Date): Date {
  return new Date(closeMsOf(assertWeekStart(weekStart)));
}

/**
 * R1.3 the freelancer may edit a week from its start until its close.
 * Choice: a week that has not begun yet is not editable (nothing can be in it);
 * a tracked slot arriving within the clock-skew allowance before its week starts
 * is judged by trackedSlotRejections, not by this.
 */
export function isWeekEditable(weekStart: Date, now: Date): boolean {
  const ws = assertWeekStart(weekStart);
  const t = msOf(now, "now");
  return t >= ws && t < closeMsOf(ws);
}

// R6.3 exclusive end of the review window: 00:00 UTC after the last reviewable day
export function reviewEndExclusiveMsOf(weekStartMs: number): number {
  return weekStartMs + WEEK_MS + RULES.earnings.reviewEndsIsoWeekday * DAY_MS;
}

/**
 * R6.3 the last second of the review window: Friday 23:59:59 UTC of the week that holds the close.
 * Choice: the window includes that whole second (it ends at Saturday 00:00:00.000 exclusive),
 * so 23:59:59.500 is still inside; isInReviewWindow applies exactly that.
 */
export function reviewWindowEndsAt(weekStart: Date): Date {
  return new Date(reviewEndExclusiveMsOf(assertWeekStart(weekStart)) - 1000);
}

/** R6.3 / R7.1 from the close (inclusive) to the end of Friday 23:59:59. */
export function isInReviewWindow(weekStart: Date, now: Date): boolean {
  const ws = assertWeekStart(weekStart);
  const t = msOf(now, "now");
  return t >= closeMsOf(ws) && t < reviewEndExclusiveMsOf(ws);
}

export function hourlyAvailableMsOf(weekStartMs: number): number {
  const reviewEnd = reviewEndExclusiveMsOf(weekStartMs);
  return reviewEnd + mod(RULES.earnings.availableIsoWeekday - isoWeekdayOfMs(reviewEnd), 7) * DAY_MS;
}

/** R6.3 hourly earnings of a work week become available 00:00 UTC on the Wednesday after the review window. */
export function hourlyAvailableAt(weekStart: Date): Date {
  return new Date(hourlyAvailableMsOf(assertWeekStart(weekStart)));
}

export type HourlyEarningTimeline = {
  /** R1.3 / R6.1 invoiced at the close */
  closesAt: Date;
  /** R6.3 last second of the review window */
  reviewEndsAt: Date;
  /** R6.3 available from this instant */
  availableAt: Date;
};

/** R6.3 / R6.4 every instant of an hourly earning's life, for the week starting `weekStart`. */
export function hourlyEarningTimeline(weekStart: Date): HourlyEarningTimeline {
  const ws = assertWeekStart(weekStart);
  return {
    closesAt: new Date(closeMsOf(ws)),
    reviewEndsAt: new Date(reviewEndExclusiveMsOf(ws) - 1000),
    availableAt: new Date(hourlyAvailableMsOf(ws)),
  };
}

export type HourlyEarningStatus = "not_invoiced" | "in_review" | "pending" | "available";

/**
 * R6.3 where an undisputed hourly earning of the week stands at `now`.
 * (R7.4 disputed money stays held until resolution: the ledger, not the clock, decides that part.)
 */
export function hourlyEarningStatus(weekStart: Date, now: Date): HourlyEarningStatus {
  const ws = assertWeekStart(weekStart);
  const t = msOf(now, "now");
  if (t < closeMsOf(ws)) return "not_invoiced";
  if (t < reviewEndExclusiveMsOf(ws)) return "in_review";
  if (t < hourlyAvailableMsOf(ws)) return "pending";
  return "available";
}

/** R8 a bonus becomes available 5 days (5 x 24 h) after it is paid. */
export function bonusAvailableAt(paidAt: Date): Date {
  return new Date(msOf(paidAt, "paidAt") + RULES.bonuses.availableAfterDays * DAY_MS);
}

/** R9.3 a weekly payment skips review and becomes available 5 days after the close of its week. */
export function weeklyPaymentAvailableAt(weekStart: Date): Date {
  return new Date(closeMsOf(assertWeekStart(weekStart)) + RULES.weeklyPayment.availableAfterDays * DAY_MS);
}

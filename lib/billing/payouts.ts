// R10 getting paid: method fees and hold, withdraw now, payout schedules.
import { PAYOUT_FREQUENCIES, PAYOUT_METHOD_KINDS, type PayoutFrequency, type PayoutMethodKind, RULES } from "../config/rules";
import { BillingError } from "./errors";
import { DAY_MS, WEEK_MS, isoWeekdayOfMs, mod, startOfUtcDayMs } from "./time";
import { assertCents, msOf } from "./validate";

/** Throws UNKNOWN_PAYOUT_METHOD unless `method` is one of R10.1's methods. */
export function assertPayoutMethod(method: string, field = "method"): PayoutMethodKind {
  if (!(PAYOUT_METHOD_KINDS as readonly string[]).includes(method)) {
    throw new BillingError("UNKNOWN_PAYOUT_METHOD", field, `unknown payout method ${JSON.stringify(method)}`);
  }
  return method as PayoutMethodKind;
}

/** Throws UNKNOWN_PAYOUT_SCHEDULE unless `schedule` is one of R10.3's schedules. */
export function assertPayoutSchedule(schedule: string, field = "schedule"): PayoutFrequency {
  if (!(PAYOUT_FREQUENCIES as readonly string[]).includes(schedule)) {
    throw new BillingError("UNKNOWN_PAYOUT_SCHEDULE", field, `unknown payout schedule ${JSON.stringify(schedule)}`);
  }
  return schedule as PayoutFrequency;
}

/** R10.1 the fee of one payout by method: ACH $0, local bank $0.99, wire $30, instant to card $2. */
export function payoutFeeCents(method: string): number {
  return RULES.payouts.feeCents[assertPayoutMethod(method)];
}

/** R10.1 a new method can be used 3 days (3 x 24 h) after it is added. */
export function payoutMethodUsableAt(addedAt: Date): Date {
  return new Date(msOf(addedAt, "methodAddedAt") + RULES.payouts.newMethodHoldDays * DAY_MS);
}

/** R10.1 whether a method added at `addedAt` may be used at `now`. */
export function isPayoutMethodUsable(addedAt: Date, now: Date): boolean {
  return msOf(now, "now") >= payoutMethodUsableAt(addedAt).getTime();
}

export type WithdrawalQuote = {
  /** what leaves the available balance */
  amountCents: number;
  /** R10.2 the method's fee, out of the amount */
  feeCents: number;
  /** what reaches the freelancer */
  netCents: number;
};

/**
 * R10.2 validates a withdraw-now request and splits it into fee and net: the amount may be anything
 * up to the available balance (R10.4: never more) and must be above the method's fee, and the method
 * must be past its R10.1 hold. Bad requests throw AMOUNT_EXCEEDS_AVAILABLE, AMOUNT_NOT_ABOVE_FEE,
 * METHOD_NOT_USABLE_YET, UNKNOWN_PAYOUT_METHOD or INVALID_CENTS.
 */
export function quoteWithdrawal(input: {
  amountCents: number;
  availableCents: number;
  method: string;
  methodAddedAt: Date;
  now: Date;
}): WithdrawalQuote {
  assertCents(input.amountCents, "amountCents");
  assertCents(input.availableCents, "availableCents");
  const fee = payoutFeeCents(input.method);
  if (!isPayoutMethodUsable(input.methodAddedAt, input.now)) {
    throw new BillingError("METHOD_NOT_USABLE_YET", "method", `a new payout method can be used ${RULES.payouts.newMethodHoldDays} days after it is added`);
  }
  if (input.amountCents > input.availableCents) {
    throw new BillingError("AMOUNT_EXCEEDS_AVAILABLE", "amountCents", "the amount is more than the available balance");
  }
  if (input.amountCents <= fee) {
    throw new BillingError("AMOUNT_NOT_ABOVE_FEE", "amountCents", `the amount must be above the method's fee of ${fee} cents`);
  }
  return { amountCents: input.amountCents, feeCents: fee, netCents: input.amountCents - fee };
}

// R10.3 the payout days of one month (year, month 0..11), ascending, as epoch ms of 00:00 UTC
function payoutDaysOfMonth(schedule: PayoutFrequency, year: number, month: number): number[] {
  const weekday = RULES.payouts.scheduleIsoWeekday;
  const firstOfMonth = Date.UTC(year, month, 1);
  const firstOfNext = Date.UTC(year, month + 1, 1);
  const first = firstOfMonth + mod(weekday - isoWeekdayOfMs(firstOfMonth), 7) * DAY_MS;
  const lastOfMonth = firstOfNext - DAY_MS;
  const last = lastOfMonth - mod(isoWeekdayOfMs(lastOfMonth) - weekday, 7) * DAY_MS;
  switch (schedule) {
    case "WEEKLY": {
      const days: number[] = [];
      for (let d = first; d < firstOfNext; d += WEEK_MS) days.push(d);
      return days;
    }
    case "TWICE_MONTHLY":
      return RULES.payouts.twiceMonthlyOccurrences.map((n) => first + (n - 1) * WEEK_MS);
    case "MONTHLY":
      return [last];
    case "QUARTERLY":
      return (RULES.payouts.quarterlyMonths as readonly number[]).includes(month + 1) ? [last] : [];
  }
}

/**
 * R10.3 the next scheduled payout day at or after `now`, as 00:00 UTC of that day: weekly every
 * Wednesday, twice a month the 1st and 3rd Wednesday, monthly the last Wednesday, quarterly the last
 * Wednesday of March, June, September and December.
 * Choice: a payout day is a whole UTC day, so on a payout day this returns that same day until it
 * ends: a job running at any hour of the Wednesday sees it (isScheduledPayoutDay).
 */
export function nextScheduledPayoutDate(schedule: string, now: Date): Date {
  const kind = assertPayoutSchedule(schedule);
  const today = startOfUtcDayMs(msOf(now, "now"));
  const date = new Date(today);
  let year = date.getUTCFullYear();
  let month = date.getUTCMonth();
  // A quarter is the longest gap, so four months always suffice; 13 keeps a wide margin.
  for (let i = 0; i < 13; i++) {
    for (const day of payoutDaysOfMonth(kind, year, month)) {
      if (day >= today) return new Date(day);
    }
    month++;
    if (month === 12) {
      month = 0;
      year++;
    }
  }
  throw new BillingError("UNKNOWN_PAYOUT_SCHEDULE", "schedule", "no payout day found within a year");
}

/** R10.3 whether the UTC day of `now` is a payout day of `schedule`. */
export function isScheduledPayoutDay(schedule: string, now: Date): boolean {
  return nextScheduledPayoutDate(schedule, now).getTime() === startOfUtcDayMs(msOf(now, "now"));
}

export type ScheduledPayoutSkip = "NOT_A_PAYOUT_DAY" | "METHOD_NOT_USABLE_YET" | "BELOW_THRESHOLD" | "NOT_ABOVE_FEE";

export type ScheduledPayoutDecision = ({ fires: true } & WithdrawalQuote) | { fires: false; reason: ScheduledPayoutSkip };

/**
 * R10.3 whether a scheduled payout fires at `now`: on a payout day it sends the whole available
 * balance to the default method when the balance is at least the threshold (default $100).
 * Choice: it also stays put while the default method is in its R10.1 hold, and when the balance is
 * not above the method's fee (a payout that would deliver nothing); the balance simply waits.
 */
export function scheduledPayout(input: {
  schedule: string;
  now: Date;
  availableCents: number;
  /** the user's threshold; null or omitted = the default */
  thresholdCents?: number | null;
  method: string;
  methodAddedAt: Date;
}): ScheduledPayoutDecision {
  assertCents(input.availableCents, "availableCents");
  const threshold = input.thresholdCents ?? RULES.payouts.defaultThresholdCents;
  assertCents(threshold, "thresholdCents");
  const fee = payoutFeeCents(input.method);
  if (!isScheduledPayoutDay(input.schedule, input.now)) return { fires: false, reason: "NOT_A_PAYOUT_DAY" };
  if (!isPayoutMethodUsable(input.methodAddedAt, input.now)) return { fires: false, reason: "METHOD_NOT_USABLE_YET" };
  if (input.availableCents < threshold) return { fires: false, reason: "BELOW_THRESHOLD" };
  if (input.availableCents <= fee) return { fires: false, reason: "NOT_ABOVE_FEE" };
  return { fires: true, amountCents: input.availableCents, feeCents: fee, netCents: input.availableCents - fee };
}

// R9 the recurring weekly payment: R9.4 pause rule, R9.5 proration, R9.3 availability.
import { RULES } from "../config/rules";
import { type FeeBreakdown, type FeeRates, feeBreakdown, mulDivRoundHalfUp } from "./money";
import { DAY_MS, WEEK_MS, assertWeekStart, closeMsOf, startOfUtcDayMs, weeklyPaymentAvailableAt } from "./time";
import { assertCents, assertOrdered, msOf } from "./validate";

/** A span during which the contract was paused (R7.2 disputes included); `to` exclusive, null = still paused. */
export type PauseInterval = { from: Date; to: Date | null };

export type ContractSpan = {
  startedAt: Date;
  /** null while the contract runs */
  endedAt: Date | null;
};

/** R9.4 true when any pause overlaps the week [Monday 00:00, next Monday 00:00). */
export function wasPausedDuringWeek(weekStart: Date, pauses: readonly PauseInterval[]): boolean {
  const ws = assertWeekStart(weekStart);
  const we = ws + WEEK_MS;
  let paused = false;
  for (let i = 0; i < pauses.length; i++) {
    const p = pauses[i] as PauseInterval;
    const from = msOf(p.from, `pauses[${i}].from`);
    const to = p.to === null ? Number.POSITIVE_INFINITY : msOf(p.to, `pauses[${i}].to`);
    assertOrdered(from, to, `pauses[${i}].to`);
    if (from < we && to > ws && to > from) paused = true;
  }
  return paused;
}

/**
 * R9.5 the contract is active from its acceptance, not from an earlier start date: the first active
 * instant is the later of the two (an offer starting Monday and accepted Thursday counts from Thursday).
 * Choice: a contract with no recorded acceptance (made active directly, or accepted before the
 * acceptance was recorded and not found in the audit log) counts from its start date.
 */
export function activeFrom(startsAt: Date, acceptedAt: Date | null): Date {
  const start = msOf(startsAt, "startsAt");
  if (acceptedAt === null) return startsAt;
  return msOf(acceptedAt, "acceptedAt") > start ? acceptedAt : startsAt;
}

/**
 * R9.5 the share of the weekly payment due for a week: 20% per weekday the contract was active, at least 20.
 * Choice: an end at exactly 00:00 means last active the day before; weeks it never touched pay 0% (no throw).
 */
export function weeklyPaymentPercent(input: ContractSpan & { weekStart: Date }): number {
  const ws = assertWeekStart(input.weekStart);
  const start = msOf(input.startedAt, "startedAt");
  const end = input.endedAt === null ? Number.POSITIVE_INFINITY : msOf(input.endedAt, "endedAt");
  assertOrdered(start, end, "endedAt");
  const lastActive = end > start ? end - 1 : start;
  const we = ws + WEEK_MS;
  if (start >= we || lastActive < ws) return 0;
  const firstDay = start > ws ? (startOfUtcDayMs(start) - ws) / DAY_MS : 0;
  const lastDay = lastActive < we ? (startOfUtcDayMs(lastActive) - ws) / DAY_MS : 6;
  // day index 0 = Monday, so ISO weekday d is index d - 1
  const from = Math.max(firstDay, RULES.weeklyPayment.firstProratedIsoWeekday - 1);
  const to = Math.min(lastDay, RULES.weeklyPayment.lastProratedIsoWeekday - 1);
  const weekdays = to >= from ? to - from + 1 : 0;
  return Math.max(RULES.weeklyPayment.minimumPercent, weekdays * RULES.weeklyPayment.percentPerWeekday);
}

export type WeeklyPaymentResult = FeeBreakdown & {
  /** R9.5 proration (0 when the contract did not run that week) */
  percent: number;
  /** R9.4 paused at any time in the week: nothing is paid */
  paused: boolean;
  /** R9.3 the close of the week: when it is paid */
  paidAt: Date;
  /** R9.3 5 days after the close; it skips review */
  availableAt: Date;
};

/**
 * R9.3-R9.5 the weekly payment due at the close of one week: the fixed amount prorated
 * (rounded half-up once), nothing if the contract was paused at any time in the week, with fees.
 */
export function weeklyPaymentForWeek(
  input: ContractSpan & { amountCents: number; weekStart: Date; pauses: readonly PauseInterval[] },
  rates: FeeRates = RULES.fees,
): WeeklyPaymentResult {
  assertCents(input.amountCents, "amountCents");
  const ws = assertWeekStart(input.weekStart);
  const percent = weeklyPaymentPercent(input);
  const paused = wasPausedDuringWeek(input.weekStart, input.pauses);
  const gross = paused ? 0 : mulDivRoundHalfUp(input.amountCents, percent, 100, "amountCents");
  return {
    ...feeBreakdown(gross, rates),
    percent,
    paused,
    paidAt: new Date(closeMsOf(ws)),
    availableAt: weeklyPaymentAvailableAt(input.weekStart),
  };
}

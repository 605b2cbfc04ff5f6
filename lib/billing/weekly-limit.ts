// R4.1 / R4.3 the weekly limit in effect for a contract week.
import { BillingError } from "./errors";
import { WEEK_MS, assertWeekStart } from "./time";
import { msOf } from "./validate";

/** R4.1 hours per week; null = no limit, 0 = no hourly billing at all. */
export type WeeklyLimitHours = number | null;

/** One setting of the limit, as the client made it (the first one: at contract creation). */
export type LimitChange = { at: Date; limitHours: WeeklyLimitHours };

/**
 * R4.1 throws NEGATIVE_LIMIT / INVALID_LIMIT for a bad limit.
 * Choice: limits are whole hours (0, 1, 2 ...): whole hours are what the product offers,
 * and they keep the limit on the 10-minute slot grid.
 */
export function assertLimitHours(limitHours: WeeklyLimitHours, field = "limitHours"): WeeklyLimitHours {
  if (limitHours === null) return null;
  if (typeof limitHours !== "number" || Number.isNaN(limitHours)) {
    throw new BillingError("INVALID_LIMIT", field, `${field} must be a number of hours or null`);
  }
  if (limitHours < 0) throw new BillingError("NEGATIVE_LIMIT", field, `${field} must not be negative, got ${limitHours}`);
  if (!Number.isSafeInteger(limitHours)) {
    throw new BillingError("INVALID_LIMIT", field, `${field} must be a whole number of hours, got ${limitHours}`);
  }
  return limitHours;
}

/** R4.1 the limit in minutes, null for no limit. */
export function limitMinutesOf(limitHours: WeeklyLimitHours): number | null {
  const h = assertLimitHours(limitHours);
  return h === null ? null : h * 60;
}

/** null (no limit) is the largest limit of all. */
function higher(a: WeeklyLimitHours, b: WeeklyLimitHours): WeeklyLimitHours {
  if (a === null || b === null) return null;
  return a > b ? a : b;
}

/**
 * R4.3 the limit in effect for the week starting `weekStart`: the latest value set before it, raised at once by
 * any higher value set during the week; lower values wait for the next Monday.
 * Choice: "higher" is against the week's limit, so a limit granted for a week is never taken back within it.
 * Choice: the first change governs its whole week; a week before it throws INVALID_LIMIT_HISTORY.
 */
export function effectiveWeeklyLimitHours(changes: readonly LimitChange[], weekStart: Date): WeeklyLimitHours {
  const ws = assertWeekStart(weekStart);
  const we = ws + WEEK_MS;
  let hasBase = false;
  let base: WeeklyLimitHours = null;
  let hasRaise = false;
  let raise: WeeklyLimitHours = null;
  let previousAt = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i] as LimitChange;
    const at = msOf(change.at, `limitChanges[${i}].at`);
    const hours = assertLimitHours(change.limitHours, `limitChanges[${i}].limitHours`);
    if (at < previousAt) {
      throw new BillingError("INVALID_LIMIT_HISTORY", `limitChanges[${i}].at`, "limit changes must be in chronological order");
    }
    previousAt = at;
    if (at < ws) {
      hasBase = true;
      base = hours;
    } else if (at < we) {
      raise = hasRaise ? higher(raise, hours) : hours;
      hasRaise = true;
    }
  }
  if (hasBase && hasRaise) return higher(base, raise);
  if (hasBase) return base;
  if (hasRaise) return raise;
  throw new BillingError("INVALID_LIMIT_HISTORY", "limitChanges", "no limit was set at or before this week");
}

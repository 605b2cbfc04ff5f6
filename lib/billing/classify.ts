// R4.2 which segments of a contract week are billed, and R3.3 manual time billed like tracked time.
import { BillingError } from "./errors";
import { SLOT_MINUTES, SLOT_MS, WEEK_MS, assertWeekStart, weekStartMsOf } from "./time";

const SLOTS_PER_WEEK = WEEK_MS / SLOT_MS;
import { type LimitChange, type WeeklyLimitHours, effectiveWeeklyLimitHours, limitMinutesOf } from "./weekly-limit";
import { msOf } from "./validate";

/** Per-slot codes written by classifySlots. */
export const SLOT_BILLABLE = 0;
export const SLOT_OVER_LIMIT = 1;

/**
 * "billable": tracked and billed; "manual": manual time, billed like tracked time (R3.3);
 * "over_limit": past the weekly limit, never billed (R4.2, R6.5), tracked or manual alike.
 */
export type SegmentClass = "billable" | "manual" | "over_limit";

export type WeekSegment = { slotStart: Date; manual: boolean };

export type ClassifiedWeek = {
  /** R4.3 the limit in effect for the week */
  limitHours: WeeklyLimitHours;
  /** one per input segment, same order */
  classes: SegmentClass[];
  billableMinutes: number;
  /** the manual part of billableMinutes */
  billableManualMinutes: number;
  overLimitMinutes: number;
};

function assertLimitMinutes(limitMinutes: number | null): void {
  if (limitMinutes === null) return;
  if (!Number.isSafeInteger(limitMinutes) || limitMinutes < 0) {
    throw new BillingError(limitMinutes < 0 ? "NEGATIVE_LIMIT" : "INVALID_LIMIT", "limitMinutes", "limitMinutes must be a non-negative integer or null");
  }
}

// R4.2 each segment is one whole slot, so the billable ones are the first floor(limit / slot) in time order
function billableSlotCount(segmentCount: number, limitMinutes: number | null): number {
  if (limitMinutes === null) return segmentCount;
  const fit = Math.floor(limitMinutes / SLOT_MINUTES);
  return fit < segmentCount ? fit : segmentCount;
}

/**
 * R4.2 billable minutes of a contract week from its live segment count: each segment is a whole slot, so the
 * first floor(limit / slot) are billable. The per-slot checks of classifySlots are left to the database's constraints.
 */
export function billableMinutesOfCount(segmentCount: number, limitMinutes: number | null): number {
  if (!Number.isSafeInteger(segmentCount) || segmentCount < 0 || segmentCount > SLOTS_PER_WEEK) {
    throw new BillingError("INVALID_ARGUMENT", "segmentCount", `segmentCount must be an integer from 0 to ${SLOTS_PER_WEEK} (one segment per slot)`);
  }
  assertLimitMinutes(limitMinutes);
  return billableSlotCount(segmentCount, limitMinutes) * SLOT_MINUTES;
}

function badSlot(field: string, ms: number, weekStartMs: number): BillingError {
  if (!Number.isFinite(ms)) return new BillingError("INVALID_DATE", field, `${field} must be a valid instant`);
  if (ms % SLOT_MS !== 0) return new BillingError("SLOT_NOT_ALIGNED", field, `${field} must be aligned to ${SLOT_MINUTES} minutes UTC`);
  if (weekStartMsOf(ms) !== weekStartMs) return new BillingError("SEGMENT_OUTSIDE_WEEK", field, `${field} is not in the week being classified`);
  return new BillingError("SEGMENTS_NOT_CHRONOLOGICAL", field, `${field} must come after the previous segment (one segment per slot, in time order)`);
}

/**
 * R1.2 + R4.2 the weekly close's fast path: from a week's chronological slot starts (epoch ms) and limit in
 * minutes (null = none), returns the billable minutes and fills `out` per slot; validates every slot without allocating.
 */
export function classifySlots(weekStartMs: number, slotStartsMs: ArrayLike<number>, limitMinutes: number | null, out?: Uint8Array): number {
  if (weekStartMsOf(weekStartMs) !== weekStartMs) {
    throw new BillingError("NOT_WEEK_START", "weekStartMs", "weekStartMs must be a Monday 00:00:00.000 UTC");
  }
  assertLimitMinutes(limitMinutes);
  const n = slotStartsMs.length;
  const weekEnd = weekStartMs + WEEK_MS;
  let previous = weekStartMs - 1;
  for (let i = 0; i < n; i++) {
    const s = slotStartsMs[i] as number;
    // One comparison chain covers NaN, out-of-week, order and duplicates. Alignment is checked by
    // division, not `%` (a float `%` goes through fmod and cost ten times the rest of the loop):
    // the offset is below 2^30 and the slot is 600000 ms, so an unaligned offset can never divide
    // to a float that rounds to an integer.
    const q = (s - weekStartMs) / SLOT_MS;
    if (!(s > previous && s < weekEnd) || q !== Math.floor(q)) {
      throw badSlot(`slotStartsMs[${i}]`, s, weekStartMs);
    }
    previous = s;
  }
  const billable = billableSlotCount(n, limitMinutes);
  if (out !== undefined) {
    if (out.length < n) throw new BillingError("INVALID_ARGUMENT", "out", "out must have room for every slot");
    out.fill(SLOT_BILLABLE, 0, billable);
    out.fill(SLOT_OVER_LIMIT, billable, n);
  }
  return billable * SLOT_MINUTES;
}

/**
 * R4.2 + R4.3 + R3.3 classifies the chronological segments of one contract week against the
 * limit in effect for it (from the history of limit changes).
 */
export function classifyContractWeek(input: {
  weekStart: Date;
  segments: readonly WeekSegment[];
  limitChanges: readonly LimitChange[];
}): ClassifiedWeek {
  const ws = assertWeekStart(input.weekStart);
  const limitHours = effectiveWeeklyLimitHours(input.limitChanges, input.weekStart);
  return classifyWithLimit(ws, input.segments, limitHours);
}

/** R4.2 as classifyContractWeek, for a caller that already holds the week's limit in hours. */
export function classifyContractWeekWithLimit(input: {
  weekStart: Date;
  segments: readonly WeekSegment[];
  limitHours: WeeklyLimitHours;
}): ClassifiedWeek {
  return classifyWithLimit(assertWeekStart(input.weekStart), input.segments, input.limitHours);
}

function classifyWithLimit(weekStartMs: number, segments: readonly WeekSegment[], limitHours: WeeklyLimitHours): ClassifiedWeek {
  const limitMinutes = limitMinutesOf(limitHours);
  const n = segments.length;
  const weekEnd = weekStartMs + WEEK_MS;
  let previous = weekStartMs - 1;
  for (let i = 0; i < n; i++) {
    const field = `segments[${i}].slotStart`;
    const s = msOf((segments[i] as WeekSegment).slotStart, field);
    const q = (s - weekStartMs) / SLOT_MS; // see classifySlots for why not `%`
    if (!(s > previous && s < weekEnd) || q !== Math.floor(q)) throw badSlot(field, s, weekStartMs);
    previous = s;
  }
  const billable = billableSlotCount(n, limitMinutes);
  const classes = new Array<SegmentClass>(n);
  let manualBillable = 0;
  for (let i = 0; i < n; i++) {
    if (i >= billable) classes[i] = "over_limit";
    else if ((segments[i] as WeekSegment).manual) {
      classes[i] = "manual";
      manualBillable++;
    } else classes[i] = "billable";
  }
  return {
    limitHours,
    classes,
    billableMinutes: billable * SLOT_MINUTES,
    billableManualMinutes: manualBillable * SLOT_MINUTES,
    overLimitMinutes: (n - billable) * SLOT_MINUTES,
  };
}

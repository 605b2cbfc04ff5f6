import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BillingErrorCode } from "./errors";
import { at, expectBillingError } from "../../tests/support/billing";
import {
  SLOT_BILLABLE,
  SLOT_OVER_LIMIT,
  type WeekSegment,
  billableMinutesOfCount,
  classifyContractWeek,
  classifyContractWeekWithLimit,
  classifySlots,
} from "./classify";
import { SLOT_MS, WEEK_MS } from "./time";

const WEEK = at("2024-06-03T00:00:00Z");
const WS = WEEK.getTime();
const slot = (k: number): Date => new Date(WS + k * SLOT_MS);
const tracked = (k: number): WeekSegment => ({ slotStart: slot(k), manual: false });
const manual = (k: number): WeekSegment => ({ slotStart: slot(k), manual: true });
const run = (from: number, count: number, make = tracked): WeekSegment[] => Array.from({ length: count }, (_, i) => make(from + i));

describe("R4.2 classifyContractWeekWithLimit", () => {
  it.each<[string, WeekSegment[], number | null, string[], number, number, number]>([
    ["no segments", [], 10, [], 0, 0, 0],
    ["no limit: all billable", run(0, 3), null, ["billable", "billable", "billable"], 30, 0, 0],
    ["limit 0: nothing billable", run(0, 2), 0, ["over_limit", "over_limit"], 0, 20, 0],
    ["exactly at the limit", run(0, 6), 1, Array(6).fill("billable"), 60, 0, 0],
    ["past the limit, in time order", run(0, 8), 1, [...Array(6).fill("billable"), "over_limit", "over_limit"], 60, 20, 0],
    ["R3.3 manual time billed like tracked time", [tracked(0), manual(1), tracked(2)], null, ["billable", "manual", "billable"], 30, 0, 10],
    ["R3.3 manual time counts toward the limit", [...run(0, 5, manual), tracked(100), manual(101)], 1, [...Array(5).fill("manual"), "billable", "over_limit"], 60, 10, 50],
    ["segments spread over the week", [tracked(0), tracked(500), tracked(1007)], 0, ["over_limit", "over_limit", "over_limit"], 0, 30, 0],
  ])("%s", (_name, segments, limitHours, classes, billable, over, manualBillable) => {
    const result = classifyContractWeekWithLimit({ weekStart: WEEK, segments, limitHours });
    expect(result.classes).toEqual(classes);
    expect(result.billableMinutes).toBe(billable);
    expect(result.overLimitMinutes).toBe(over);
    expect(result.billableManualMinutes).toBe(manualBillable);
    expect(result.limitHours).toBe(limitHours);
  });

  it.each<[string, WeekSegment[], BillingErrorCode, string]>([
    ["a slot not aligned to 10 minutes", [tracked(0), { slotStart: new Date(WS + SLOT_MS + 60_000), manual: false }], "SLOT_NOT_ALIGNED", "segments[1].slotStart"],
    ["a segment of the previous week", [{ slotStart: new Date(WS - SLOT_MS), manual: false }], "SEGMENT_OUTSIDE_WEEK", "segments[0].slotStart"],
    ["a segment of the next week", [tracked(0), { slotStart: new Date(WS + WEEK_MS), manual: false }], "SEGMENT_OUTSIDE_WEEK", "segments[1].slotStart"],
    ["two segments in one slot", [tracked(0), tracked(3), manual(3)], "SEGMENTS_NOT_CHRONOLOGICAL", "segments[2].slotStart"],
    ["segments out of order", [tracked(5), tracked(4)], "SEGMENTS_NOT_CHRONOLOGICAL", "segments[1].slotStart"],
    ["an invalid Date", [{ slotStart: new Date(Number.NaN), manual: false }], "INVALID_DATE", "segments[0].slotStart"],
  ])("rejects %s", (_name, segments, code, field) => {
    expectBillingError(() => classifyContractWeekWithLimit({ weekStart: WEEK, segments, limitHours: null }), code, field);
  });

  it("rejects a negative limit", () => {
    expectBillingError(() => classifyContractWeekWithLimit({ weekStart: WEEK, segments: [], limitHours: -2 }), "NEGATIVE_LIMIT");
  });
});

describe("R4.2 + R4.3 classifyContractWeek with the history of limit changes", () => {
  // 15 hours worked Monday..Wednesday, 9 slots a day split over the days.
  const segments = [...run(0, 30), ...run(144, 30), ...run(288, 30)];

  it("a limit raised on Thursday from 10 to 20 h bills all 15 h worked before it", () => {
    const result = classifyContractWeek({
      weekStart: WEEK,
      segments,
      limitChanges: [
        { at: at("2024-05-01T00:00:00Z"), limitHours: 10 },
        { at: at("2024-06-06T10:00:00Z"), limitHours: 20 },
      ],
    });
    expect(result.limitHours).toBe(20);
    expect(result.billableMinutes).toBe(900);
    expect(result.overLimitMinutes).toBe(0);
  });

  it("a limit lowered on Wednesday from 20 to 10 h does not touch this week", () => {
    const result = classifyContractWeek({
      weekStart: WEEK,
      segments,
      limitChanges: [
        { at: at("2024-05-01T00:00:00Z"), limitHours: 20 },
        { at: at("2024-06-05T10:00:00Z"), limitHours: 10 },
      ],
    });
    expect(result.billableMinutes).toBe(900);
  });

  it("the same week under the old 10 h limit bills 10 h and marks the rest over limit", () => {
    const result = classifyContractWeek({ weekStart: WEEK, segments, limitChanges: [{ at: at("2024-05-01T00:00:00Z"), limitHours: 10 }] });
    expect(result.billableMinutes).toBe(600);
    expect(result.overLimitMinutes).toBe(300);
    expect(result.classes.indexOf("over_limit")).toBe(60);
  });
});

describe("classifySlots (fast path)", () => {
  const ms = (ks: number[]) => Float64Array.from(ks, (k) => WS + k * SLOT_MS);

  it.each<[string, number[], number | null, number, number[]]>([
    ["no limit", [0, 1, 2], null, 30, [SLOT_BILLABLE, SLOT_BILLABLE, SLOT_BILLABLE]],
    ["limit 0", [0, 1], 0, 0, [SLOT_OVER_LIMIT, SLOT_OVER_LIMIT]],
    ["20 minutes", [0, 1, 2, 3], 20, 20, [SLOT_BILLABLE, SLOT_BILLABLE, SLOT_OVER_LIMIT, SLOT_OVER_LIMIT]],
    ["a limit off the slot grid rounds down to whole slots", [0, 1, 2], 25, 20, [SLOT_BILLABLE, SLOT_BILLABLE, SLOT_OVER_LIMIT]],
    ["first and last slot of the week", [0, 1007], 600, 20, [SLOT_BILLABLE, SLOT_BILLABLE]],
  ])("%s", (_name, ks, limitMinutes, billable, codes) => {
    const out = new Uint8Array(ks.length).fill(9);
    expect(classifySlots(WS, ms(ks), limitMinutes, out)).toBe(billable);
    expect(Array.from(out)).toEqual(codes);
    expect(classifySlots(WS, Array.from(ms(ks)), limitMinutes)).toBe(billable);
  });

  it.each<[string, number[], BillingErrorCode, string]>([
    ["misaligned", [WS, WS + 5 * 60_000], "SLOT_NOT_ALIGNED", "slotStartsMs[1]"],
    ["fractional", [WS + 0.5], "SLOT_NOT_ALIGNED", "slotStartsMs[0]"],
    ["before the week", [WS - SLOT_MS], "SEGMENT_OUTSIDE_WEEK", "slotStartsMs[0]"],
    ["after the week", [WS + WEEK_MS], "SEGMENT_OUTSIDE_WEEK", "slotStartsMs[0]"],
    ["duplicate", [WS, WS], "SEGMENTS_NOT_CHRONOLOGICAL", "slotStartsMs[1]"],
    ["NaN", [Number.NaN], "INVALID_DATE", "slotStartsMs[0]"],
  ])("rejects a slot %s", (_name, slots, code, field) => {
    expectBillingError(() => classifySlots(WS, slots, null), code, field);
  });

  it.each<[string, () => unknown, BillingErrorCode]>([
    ["a week start that is not Monday 00:00", () => classifySlots(WS + 1000, [], null), "NOT_WEEK_START"],
    ["a negative limit", () => classifySlots(WS, [], -10), "NEGATIVE_LIMIT"],
    ["a fractional limit", () => classifySlots(WS, [], 1.5), "INVALID_LIMIT"],
    ["an output buffer too small", () => classifySlots(WS, [WS, WS + SLOT_MS], null, new Uint8Array(1)), "INVALID_ARGUMENT"],
  ])("rejects %s", (_name, fn, code) => {
    expectBillingError(fn, code);
  });
});

describe("R4.2 billableMinutesOfCount (the weekly close's form)", () => {
  it.each<[string, number, number | null, number]>([
    ["no segments", 0, 900, 0],
    ["no limit", 120, null, 1200],
    ["within the limit", 80, 900, 800],
    ["past the limit: the limit's whole slots", 120, 900, 900],
    ["a limit off the slot grid rounds down to whole slots", 5, 25, 20],
    ["limit 0", 7, 0, 0],
    ["every slot of the week", 1008, null, 10_080],
  ])("%s", (_name, count, limitMinutes, minutes) => {
    expect(billableMinutesOfCount(count, limitMinutes)).toBe(minutes);
  });

  it.each<[string, () => unknown, BillingErrorCode, string]>([
    ["more segments than the week has slots", () => billableMinutesOfCount(1009, null), "INVALID_ARGUMENT", "segmentCount"],
    ["a negative count", () => billableMinutesOfCount(-1, null), "INVALID_ARGUMENT", "segmentCount"],
    ["a fractional count", () => billableMinutesOfCount(1.5, null), "INVALID_ARGUMENT", "segmentCount"],
    ["a negative limit", () => billableMinutesOfCount(3, -10), "NEGATIVE_LIMIT", "limitMinutes"],
  ])("rejects %s", (_name, fn, code, field) => {
    expectBillingError(fn, code, field);
  });
});

describe("properties", () => {
  const week = fc
    .uniqueArray(fc.integer({ min: 0, max: 1007 }), { maxLength: 300 })
    .map((ks) => ks.sort((a, b) => a - b))
    .chain((ks) => fc.tuple(fc.constant(ks), fc.array(fc.boolean(), { minLength: ks.length, maxLength: ks.length })));
  const limit = fc.option(fc.integer({ min: 0, max: 60 }), { nil: null });

  it("billed minutes never exceed the limit; billable segments are the earliest ones", () => {
    fc.assert(
      fc.property(week, limit, ([ks, manualFlags], limitHours) => {
        const segments = ks.map((k, i) => ({ slotStart: slot(k), manual: manualFlags[i] === true }));
        const result = classifyContractWeekWithLimit({ weekStart: WEEK, segments, limitHours });
        if (limitHours !== null) expect(result.billableMinutes).toBeLessThanOrEqual(limitHours * 60);
        expect(result.billableMinutes + result.overLimitMinutes).toBe(segments.length * 10);
        const firstOver = result.classes.indexOf("over_limit");
        if (firstOver >= 0) expect(result.classes.slice(firstOver).every((c) => c === "over_limit")).toBe(true);
        expect(result.billableManualMinutes).toBe(result.classes.filter((c) => c === "manual").length * 10);
        expect(classifySlots(WS, Float64Array.from(ks, (k) => WS + k * SLOT_MS), limitHours === null ? null : limitHours * 60)).toBe(result.billableMinutes);
        // the weekly close's form decides the same minutes from the count alone
        expect(billableMinutesOfCount(ks.length, limitHours === null ? null : limitHours * 60)).toBe(result.billableMinutes);
      }),
    );
  });
});

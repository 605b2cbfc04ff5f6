import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BillingErrorCode } from "./errors";
import { at, expectBillingError } from "../../tests/support/billing";
import { DAY_MS, WEEK_MS } from "./time";
import { type PauseInterval, activeFrom, wasPausedDuringWeek, weeklyPaymentForWeek, weeklyPaymentPercent } from "./weekly-payment";

const WEEK = at("2024-06-03T00:00:00Z"); // Mon 3 .. Sun 9 June 2024
const LONG_AGO = at("2024-01-10T09:00:00Z");
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const dayOfWeek = (i: number, hour = 15) => new Date(WEEK.getTime() + i * DAY_MS + hour * 3_600_000);

describe("R9.5 proration", () => {
  it.each(DAYS.map((day, i) => [day, i, [100, 80, 60, 40, 20, 20, 20][i]] as const))("first week, starting on %s: %s%%", (_day, i, percent) => {
    expect(weeklyPaymentPercent({ weekStart: WEEK, startedAt: dayOfWeek(i), endedAt: null })).toBe(percent);
  });

  it.each(DAYS.map((day, i) => [day, i, [20, 40, 60, 80, 100, 100, 100][i]] as const))("last week, ending on %s: %s%%", (_day, i, percent) => {
    expect(weeklyPaymentPercent({ weekStart: WEEK, startedAt: LONG_AGO, endedAt: dayOfWeek(i) })).toBe(percent);
  });

  it.each<[string, number, number, number]>([
    ["Tue to Thu", 1, 3, 60],
    ["Mon to Fri", 0, 4, 100],
    ["Mon to Sun", 0, 6, 100],
    ["Wed to Wed", 2, 2, 20],
    ["Mon to Mon", 0, 0, 20],
    ["Fri to Sun", 4, 6, 20],
    ["Sat to Sun: no weekday, at least 20", 5, 6, 20],
    ["Tue to Sat", 1, 5, 80],
    ["Thu to Fri", 3, 4, 40],
  ])("starting and ending in the same week, %s: %s%%", (_name, startDay, endDay, percent) => {
    expect(weeklyPaymentPercent({ weekStart: WEEK, startedAt: dayOfWeek(startDay, 8), endedAt: dayOfWeek(endDay, 17) })).toBe(percent);
  });

  it.each<[string, Date, Date | null, number]>([
    ["a full week in the middle", LONG_AGO, null, 100],
    ["a week before the start", at("2024-06-12T09:00:00Z"), null, 0],
    ["a week after the end", LONG_AGO, at("2024-05-30T09:00:00Z"), 0],
    ["Choice: ended at Tuesday 00:00:00.000: last active Monday", LONG_AGO, at("2024-06-04T00:00:00Z"), 20],
    ["Choice: ended at Monday 00:00:00.000 of the week: never active in it", LONG_AGO, WEEK, 0],
    ["started at Monday 00:00:00.000", WEEK, null, 100],
    ["started at Sunday 23:59:59.999", at("2024-06-09T23:59:59.999Z"), null, 20],
    ["started and ended at the same instant on Wednesday", dayOfWeek(2), dayOfWeek(2), 20],
  ])("%s: %s%%", (_name, startedAt, endedAt, percent) => {
    expect(weeklyPaymentPercent({ weekStart: WEEK, startedAt, endedAt })).toBe(percent);
  });

  it("a contract that ended at Monday 00:00 is paid 100% for the week before", () => {
    expect(weeklyPaymentPercent({ weekStart: at("2024-05-27T00:00:00Z"), startedAt: LONG_AGO, endedAt: WEEK })).toBe(100);
  });

  it("rejects an end before the start", () => {
    expectBillingError(() => weeklyPaymentPercent({ weekStart: WEEK, startedAt: dayOfWeek(3), endedAt: dayOfWeek(2) }), "END_BEFORE_START", "endedAt");
  });

  it("property: every week the contract touches pays 20, 40, 60, 80 or 100%; other weeks 0", () => {
    const instant = fc.integer({ min: WEEK.getTime() - 3 * WEEK_MS, max: WEEK.getTime() + 4 * WEEK_MS });
    fc.assert(
      fc.property(instant, fc.option(fc.integer({ min: 0, max: 5 * WEEK_MS }), { nil: null }), fc.integer({ min: -3, max: 4 }), (start, length, weekOffset) => {
        const weekStart = new Date(WEEK.getTime() + weekOffset * WEEK_MS);
        const endedAt = length === null ? null : new Date(start + length);
        const percent = weeklyPaymentPercent({ weekStart, startedAt: new Date(start), endedAt });
        const lastActive = endedAt === null ? Number.POSITIVE_INFINITY : Math.max(start, endedAt.getTime() - 1);
        const touches = start < weekStart.getTime() + WEEK_MS && lastActive >= weekStart.getTime();
        if (touches) expect([20, 40, 60, 80, 100]).toContain(percent);
        else expect(percent).toBe(0);
      }),
    );
  });
});

describe("R9.5 active from acceptance (activeFrom)", () => {
  it.each([
    ["starts Monday, accepted Thursday: 40%", dayOfWeek(0, 0), dayOfWeek(3, 16), 40],
    ["starts Monday, accepted the Friday before: 100%", dayOfWeek(0, 0), at("2024-05-31T10:00:00Z"), 100],
    ["starts Wednesday, accepted Monday: 60%", dayOfWeek(2, 0), dayOfWeek(0, 9), 60],
    ["starts Monday, accepted Saturday: 20%", dayOfWeek(0, 0), dayOfWeek(5, 9), 20],
    ["starts Monday, accepted the next Monday: 0% this week", dayOfWeek(0, 0), at("2024-06-10T09:00:00Z"), 0],
    ["starts Tuesday, no recorded acceptance: from the start, 80%", dayOfWeek(1, 0), null, 80],
  ] as const)("%s", (_name, startsAt, acceptedAt, percent) => {
    expect(weeklyPaymentPercent({ weekStart: WEEK, startedAt: activeFrom(startsAt, acceptedAt), endedAt: null })).toBe(percent);
  });

  it("is the later of the two instants", () => {
    expect(activeFrom(dayOfWeek(0, 0), dayOfWeek(3, 16))).toEqual(dayOfWeek(3, 16));
    expect(activeFrom(dayOfWeek(2, 0), dayOfWeek(0, 9))).toEqual(dayOfWeek(2, 0));
  });
});

describe("R9.4 pauses", () => {
  const pause = (from: string, to: string | null): PauseInterval => ({ from: at(from), to: to === null ? null : at(to) });

  it.each<[string, PauseInterval[], boolean]>([
    ["no pauses", [], false],
    ["an hour on Monday", [pause("2024-06-03T00:00:00Z", "2024-06-03T01:00:00Z")], true],
    ["ending exactly at Monday 00:00", [pause("2024-06-02T23:00:00Z", "2024-06-03T00:00:00Z")], false],
    ["starting Sunday 23:59 and running into the next week", [pause("2024-06-09T23:59:00Z", "2024-06-12T00:00:00Z")], true],
    ["starting exactly at the next Monday", [pause("2024-06-10T00:00:00Z", null)], false],
    ["open-ended from before the week", [pause("2024-05-20T00:00:00Z", null)], true],
    ["a dispute pause wholly inside the week", [pause("2024-06-05T10:00:00Z", "2024-06-06T10:00:00Z")], true],
    ["a zero-length pause", [pause("2024-06-05T10:00:00Z", "2024-06-05T10:00:00Z")], false],
    ["pauses only in other weeks", [pause("2024-05-28T10:00:00Z", "2024-05-29T10:00:00Z"), pause("2024-06-11T10:00:00Z", null)], false],
  ])("%s: paused %s", (_name, pauses, expected) => {
    expect(wasPausedDuringWeek(WEEK, pauses)).toBe(expected);
  });

  it("rejects a pause that ends before it starts", () => {
    expectBillingError(() => wasPausedDuringWeek(WEEK, [pause("2024-06-05T10:00:00Z", "2024-06-05T09:00:00Z")]), "END_BEFORE_START", "pauses[0].to");
  });
});

describe("R9.3-R9.5 weeklyPaymentForWeek", () => {
  it("started on Wednesday: 60% of $500, paid at the close, available 5 days later", () => {
    const result = weeklyPaymentForWeek({ amountCents: 50_000, weekStart: WEEK, startedAt: dayOfWeek(2), endedAt: null, pauses: [] });
    expect(result).toMatchObject({
      percent: 60,
      paused: false,
      grossCents: 30_000,
      serviceFeeCents: 3_000,
      netCents: 27_000,
      clientFeeCents: 900,
    });
    expect(result.paidAt.toISOString()).toBe("2024-06-10T12:00:00.000Z");
    expect(result.availableAt.toISOString()).toBe("2024-06-15T12:00:00.000Z");
  });

  it("rounds the prorated amount half-up once: 20% of $3.33 = 66.6 cents", () => {
    expect(weeklyPaymentForWeek({ amountCents: 333, weekStart: WEEK, startedAt: dayOfWeek(4), endedAt: null, pauses: [] }).grossCents).toBe(67);
  });

  it("a week with a pause pays nothing", () => {
    const result = weeklyPaymentForWeek({
      amountCents: 50_000,
      weekStart: WEEK,
      startedAt: LONG_AGO,
      endedAt: null,
      pauses: [{ from: at("2024-06-04T10:00:00Z"), to: at("2024-06-04T11:00:00Z") }],
    });
    expect(result).toMatchObject({ percent: 100, paused: true, grossCents: 0, netCents: 0, clientFeeCents: 0 });
  });

  it.each<[string, number, BillingErrorCode]>([
    ["negative", -1, "INVALID_CENTS"],
    ["fractional", 100.5, "INVALID_CENTS"],
  ])("rejects a %s amount", (_name, amountCents, code) => {
    expectBillingError(() => weeklyPaymentForWeek({ amountCents, weekStart: WEEK, startedAt: LONG_AGO, endedAt: null, pauses: [] }), code, "amountCents");
  });
});

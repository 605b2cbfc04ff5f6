import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectBillingError, at } from "../../tests/support/billing";
import {
  DAY_MS,
  WEEK_MS,
  assertSlotStart,
  assertWeekStart,
  bonusAvailableAt,
  hourlyAvailableAt,
  hourlyEarningStatus,
  hourlyEarningTimeline,
  isInReviewWindow,
  isSlotStart,
  isWeekEditable,
  isoWeekdayOfMs,
  mod,
  reviewWindowEndsAt,
  slotStartOf,
  weekCloseAt,
  weekEndOf,
  weekStartOf,
  weeklyPaymentAvailableAt,
} from "./time";

// Weeks from 1900 to 2200, as whole-week offsets from the Monday 1970-01-05.
const anyWeekStart = fc.integer({ min: -3650, max: 11000 }).map((k) => new Date(4 * DAY_MS + k * WEEK_MS));
const anyInstant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }).map((ms) => new Date(ms));

describe("R1.1 weekStartOf", () => {
  it.each([
    ["freelancer at UTC+5, local Monday 02:00 = Sunday 21:00 UTC: previous week", "2024-06-10T02:00:00+05:00", "2024-06-03T00:00:00.000Z"],
    ["Sunday 23:50 UTC", "2024-06-09T23:50:00Z", "2024-06-03T00:00:00.000Z"],
    ["last millisecond of the week", "2024-06-09T23:59:59.999Z", "2024-06-03T00:00:00.000Z"],
    ["Monday 00:00 starts a new week", "2024-06-10T00:00:00Z", "2024-06-10T00:00:00.000Z"],
    ["UTC-8 Sunday 20:00 local = Monday 04:00 UTC: next week", "2024-06-09T20:00:00-08:00", "2024-06-10T00:00:00.000Z"],
    ["Wednesday afternoon", "2024-06-12T15:00:00Z", "2024-06-10T00:00:00.000Z"],
    ["across a year boundary", "2025-01-01T10:00:00Z", "2024-12-30T00:00:00.000Z"],
    ["before 1970", "1969-12-31T12:00:00Z", "1969-12-29T00:00:00.000Z"],
  ])("%s", (_name, instant, expected) => {
    expect(weekStartOf(at(instant)).toISOString()).toBe(expected);
  });

  it("rejects an invalid Date", () => {
    expectBillingError(() => weekStartOf(new Date(Number.NaN)), "INVALID_DATE", "instant");
  });

  it("property: the week start is a Monday 00:00 UTC at most 7 days before the instant", () => {
    fc.assert(
      fc.property(anyInstant, (instant) => {
        const start = weekStartOf(instant);
        expect(start.getUTCDay()).toBe(1);
        expect(mod(start.getTime(), DAY_MS)).toBe(0);
        expect(start.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime() - start.getTime()).toBeLessThan(WEEK_MS);
        expect(weekStartOf(start).getTime()).toBe(start.getTime());
      }),
    );
  });

  it("weekEndOf is the next Monday", () => {
    expect(weekEndOf(at("2024-06-03T00:00:00Z")).toISOString()).toBe("2024-06-10T00:00:00.000Z");
  });

  it.each(["2024-06-04T00:00:00Z", "2024-06-03T00:00:00.001Z", "2024-06-03T12:00:00Z"])("assertWeekStart rejects %s", (iso) => {
    expectBillingError(() => assertWeekStart(at(iso)), "NOT_WEEK_START", "weekStart");
  });
});

describe("R1.2 slots", () => {
  it.each([
    ["2024-06-03T10:00:00Z", true],
    ["2024-06-03T10:10:00Z", true],
    ["2024-06-03T10:50:00Z", true],
    ["2024-06-03T10:05:00Z", false],
    ["2024-06-03T10:10:01Z", false],
    ["2024-06-03T10:10:00.001Z", false],
    ["1969-12-31T23:50:00Z", true],
    ["1969-12-31T23:55:00Z", false],
  ])("isSlotStart(%s) = %s", (iso, aligned) => {
    expect(isSlotStart(at(iso))).toBe(aligned);
    if (aligned) expect(assertSlotStart(at(iso))).toBe(at(iso).getTime());
    else expectBillingError(() => assertSlotStart(at(iso), "segments[0].slotStart"), "SLOT_NOT_ALIGNED", "segments[0].slotStart");
  });

  it.each([
    ["2024-06-03T10:07:31Z", "2024-06-03T10:00:00.000Z"],
    ["2024-06-03T10:59:59.999Z", "2024-06-03T10:50:00.000Z"],
    ["2024-06-03T10:20:00Z", "2024-06-03T10:20:00.000Z"],
  ])("slotStartOf(%s) = %s", (iso, expected) => {
    expect(slotStartOf(at(iso)).toISOString()).toBe(expected);
  });
});

describe("R1.3 close and editability", () => {
  it("closes the following Monday 12:00 UTC", () => {
    expect(weekCloseAt(at("2024-06-03T00:00:00Z")).toISOString()).toBe("2024-06-10T12:00:00.000Z");
  });

  it("takes only week starts", () => {
    expectBillingError(() => weekCloseAt(at("2024-06-10T12:00:00Z")), "NOT_WEEK_START");
  });

  it.each([
    ["before the week starts", "2024-06-02T23:59:59.999Z", false],
    ["at its first instant", "2024-06-03T00:00:00Z", true],
    ["during the week", "2024-06-07T18:00:00Z", true],
    ["Monday morning before the close", "2024-06-10T11:59:59.999Z", true],
    ["at the close", "2024-06-10T12:00:00Z", false],
    ["later", "2024-06-20T00:00:00Z", false],
  ])("week of 2024-06-03 is editable %s: %s", (_name, now, expected) => {
    expect(isWeekEditable(at("2024-06-03T00:00:00Z"), at(now))).toBe(expected);
  });
});

describe("R6.3 / R6.4 earning timeline", () => {
  it("R6.4: work Sun 2024-06-09 23:50 UTC is invoiced Mon 12:00, disputable to Fri 23:59:59, available Wed 19 June", () => {
    const week = weekStartOf(at("2024-06-09T23:50:00Z"));
    const timeline = hourlyEarningTimeline(week);
    expect(timeline.closesAt.toISOString()).toBe("2024-06-10T12:00:00.000Z");
    expect(timeline.reviewEndsAt.toISOString()).toBe("2024-06-14T23:59:59.000Z");
    expect(timeline.availableAt.toISOString()).toBe("2024-06-19T00:00:00.000Z");
    expect(reviewWindowEndsAt(week).toISOString()).toBe("2024-06-14T23:59:59.000Z");
    expect(hourlyAvailableAt(week).toISOString()).toBe("2024-06-19T00:00:00.000Z");
  });

  it.each([
    ["just before the close", "2024-06-10T11:59:59.999Z", false],
    ["at the close", "2024-06-10T12:00:00Z", true],
    ["Friday 23:59:59 (Choice: the whole second counts)", "2024-06-14T23:59:59.999Z", true],
    ["Saturday 00:00", "2024-06-15T00:00:00Z", false],
  ])("isInReviewWindow %s: %s", (_name, now, expected) => {
    expect(isInReviewWindow(at("2024-06-03T00:00:00Z"), at(now))).toBe(expected);
  });

  it.each([
    ["2024-06-09T23:50:00Z", "not_invoiced"],
    ["2024-06-10T12:00:00Z", "in_review"],
    ["2024-06-14T23:59:59Z", "in_review"],
    ["2024-06-15T00:00:00Z", "pending"],
    ["2024-06-18T23:59:59.999Z", "pending"],
    ["2024-06-19T00:00:00Z", "available"],
  ])("hourlyEarningStatus at %s is %s", (now, expected) => {
    expect(hourlyEarningStatus(at("2024-06-03T00:00:00Z"), at(now))).toBe(expected);
  });

  it("R8 a bonus is available 5 days after it is paid", () => {
    expect(bonusAvailableAt(at("2024-06-10T15:30:00Z")).toISOString()).toBe("2024-06-15T15:30:00.000Z");
  });

  it("R9.3 a weekly payment is available 5 days after the close", () => {
    expect(weeklyPaymentAvailableAt(at("2024-06-03T00:00:00Z")).toISOString()).toBe("2024-06-15T12:00:00.000Z");
  });

  it("property: close < end of review < availability (a Wednesday 00:00); weekly payments after their close", () => {
    fc.assert(
      fc.property(anyWeekStart, (week) => {
        const t = hourlyEarningTimeline(week);
        expect(t.closesAt.getTime()).toBeGreaterThan(weekEndOf(week).getTime());
        expect(t.reviewEndsAt.getTime()).toBeGreaterThan(t.closesAt.getTime());
        expect(t.availableAt.getTime()).toBeGreaterThan(t.reviewEndsAt.getTime());
        expect(isoWeekdayOfMs(t.availableAt.getTime())).toBe(3);
        expect(mod(t.availableAt.getTime(), DAY_MS)).toBe(0);
        expect(isInReviewWindow(week, t.availableAt)).toBe(false);
        expect(weeklyPaymentAvailableAt(week).getTime()).toBeGreaterThan(t.closesAt.getTime());
      }),
    );
  });
});

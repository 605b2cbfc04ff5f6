import { describe, expect, it } from "vitest";
import type { BillingErrorCode } from "./errors";
import { at, expectBillingError } from "../../tests/support/billing";
import { type LimitChange, assertLimitHours, effectiveWeeklyLimitHours, limitMinutesOf } from "./weekly-limit";

const change = (iso: string, limitHours: number | null): LimitChange => ({ at: at(iso), limitHours });
const CREATED = "2024-05-01T09:00:00Z";
const PREV = "2024-05-27T00:00:00Z";
const WEEK = "2024-06-03T00:00:00Z"; // Mon 3 June .. Sun 9 June 2024
const NEXT = "2024-06-10T00:00:00Z";

describe("R4.3 effectiveWeeklyLimitHours", () => {
  it.each<[string, LimitChange[], string, number | null]>([
    ["the limit set at creation", [change(CREATED, 20)], WEEK, 20],
    ["no limit", [change(CREATED, null)], WEEK, null],
    ["0 = no hourly billing", [change(CREATED, 0)], WEEK, 0],
    ["raised on a Thursday: the whole week gets it", [change(CREATED, 10), change("2024-06-06T09:00:00Z", 20)], WEEK, 20],
    ["raised on a Thursday: the week before keeps the old one", [change(CREATED, 10), change("2024-06-06T09:00:00Z", 20)], PREV, 10],
    ["raised on a Thursday: later weeks keep the new one", [change(CREATED, 10), change("2024-06-06T09:00:00Z", 20)], NEXT, 20],
    ["lowered on a Wednesday: this week keeps the old one", [change(CREATED, 20), change("2024-06-05T16:00:00Z", 10)], WEEK, 20],
    ["lowered on a Wednesday: from next Monday", [change(CREATED, 20), change("2024-06-05T16:00:00Z", 10)], NEXT, 10],
    ["no limit -> 10 is a decrease", [change(CREATED, null), change("2024-06-05T16:00:00Z", 10)], WEEK, null],
    ["no limit -> 10 applies next Monday", [change(CREATED, null), change("2024-06-05T16:00:00Z", 10)], NEXT, 10],
    ["10 -> no limit is an increase", [change(CREATED, 10), change("2024-06-06T16:00:00Z", null)], WEEK, null],
    ["0 -> 5 on Tuesday is an increase", [change(CREATED, 0), change("2024-06-04T08:00:00Z", 5)], WEEK, 5],
    [
      "Choice: lowered to 10 then set to 15 in one week: 15 is below the week's 20",
      [change(CREATED, 20), change("2024-06-04T08:00:00Z", 10), change("2024-06-05T08:00:00Z", 15)],
      WEEK,
      20,
    ],
    ["... and the next week gets 15", [change(CREATED, 20), change("2024-06-04T08:00:00Z", 10), change("2024-06-05T08:00:00Z", 15)], NEXT, 15],
    ["raised to 40 then lowered to 30: the week keeps 40", [change(CREATED, 20), change("2024-06-04T08:00:00Z", 40), change("2024-06-05T08:00:00Z", 30)], WEEK, 40],
    ["... and the next week gets 30", [change(CREATED, 20), change("2024-06-04T08:00:00Z", 40), change("2024-06-05T08:00:00Z", 30)], NEXT, 30],
    ["a decrease at Monday 00:00 belongs to that week: applies the week after", [change(CREATED, 20), change(WEEK, 10)], WEEK, 20],
    ["a decrease on Sunday 23:59:59 applies from the Monday", [change(CREATED, 20), change("2024-06-02T23:59:59Z", 10)], WEEK, 10],
    ["an increase during the close morning belongs to the new week", [change(CREATED, 10), change("2024-06-10T08:00:00Z", 30)], WEEK, 10],
    ["Choice: created on Wednesday with 20 and lowered Thursday: first week keeps 20", [change("2024-06-05T09:00:00Z", 20), change("2024-06-06T09:00:00Z", 10)], WEEK, 20],
    ["changes after the week are ignored", [change(CREATED, 20), change("2024-07-01T00:00:00Z", 5)], WEEK, 20],
  ])("%s", (_name, changes, week, expected) => {
    expect(effectiveWeeklyLimitHours(changes, at(week))).toBe(expected);
  });

  it.each<[string, LimitChange[], string, BillingErrorCode]>([
    ["a week before the first change", [change("2024-06-05T09:00:00Z", 20)], PREV, "INVALID_LIMIT_HISTORY"],
    ["no changes", [], WEEK, "INVALID_LIMIT_HISTORY"],
    ["changes out of order", [change("2024-06-05T09:00:00Z", 20), change(CREATED, 10)], WEEK, "INVALID_LIMIT_HISTORY"],
    ["a negative limit", [change(CREATED, -1)], WEEK, "NEGATIVE_LIMIT"],
    ["a fractional limit", [change(CREATED, 1.5)], WEEK, "INVALID_LIMIT"],
    ["NaN", [change(CREATED, Number.NaN)], WEEK, "INVALID_LIMIT"],
    ["Infinity", [change(CREATED, Number.POSITIVE_INFINITY)], WEEK, "INVALID_LIMIT"],
    ["a week that is not a week start", [change(CREATED, 20)], "2024-06-04T00:00:00Z", "NOT_WEEK_START"],
  ])("rejects %s", (_name, changes, week, code) => {
    expectBillingError(() => effectiveWeeklyLimitHours(changes, at(week)), code);
  });

  it("names the field at fault", () => {
    expectBillingError(() => effectiveWeeklyLimitHours([change(CREATED, 20), change("2024-06-05T09:00:00Z", -3)], at(WEEK)), "NEGATIVE_LIMIT", "limitChanges[1].limitHours");
  });
});

describe("R4.1 limits", () => {
  it.each([
    [null, null],
    [0, 0],
    [1, 60],
    [40, 2400],
  ])("limitMinutesOf(%s) = %s", (hours, minutes) => {
    expect(limitMinutesOf(hours)).toBe(minutes);
  });

  it.each([
    [-1, "NEGATIVE_LIMIT"],
    [-0.5, "NEGATIVE_LIMIT"],
    [0.5, "INVALID_LIMIT"],
  ] as const)("assertLimitHours(%s) throws %s", (hours, code) => {
    expectBillingError(() => assertLimitHours(hours), code, "limitHours");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BillingErrorCode } from "./errors";
import { at, expectBillingError } from "../../tests/support/billing";
import {
  isPayoutMethodUsable,
  isScheduledPayoutDay,
  nextScheduledPayoutDate,
  payoutFeeCents,
  payoutMethodUsableAt,
  quoteWithdrawal,
  scheduledPayout,
} from "./payouts";
import { DAY_MS } from "./time";

describe("R10.1 methods", () => {
  it.each([
    ["ACH", 0],
    ["LOCAL_BANK", 99],
    ["WIRE", 3000],
    ["INSTANT_CARD", 200],
  ])("the fee of %s is %s cents", (method, fee) => {
    expect(payoutFeeCents(method)).toBe(fee);
  });

  it.each(["PAYPAL", "ach", "", "toString", "__proto__"])("rejects the unknown method %j", (method) => {
    expectBillingError(() => payoutFeeCents(method), "UNKNOWN_PAYOUT_METHOD", "method");
  });

  it.each([
    ["2024-06-04T09:59:59.999Z", false],
    ["2024-06-04T10:00:00Z", true],
    ["2024-06-01T10:00:00Z", false],
  ])("a method added 2024-06-01 10:00 is usable at %s: %s", (now, usable) => {
    const addedAt = at("2024-06-01T10:00:00Z");
    expect(payoutMethodUsableAt(addedAt).toISOString()).toBe("2024-06-04T10:00:00.000Z");
    expect(isPayoutMethodUsable(addedAt, at(now))).toBe(usable);
  });
});

describe("R10.2 quoteWithdrawal", () => {
  const base = { availableCents: 50_000, methodAddedAt: at("2024-01-01T00:00:00Z"), now: at("2024-06-10T12:00:00Z") };

  it.each([
    ["ACH, any amount above 0", 1, "ACH", 0, 1],
    ["wire, the whole balance", 50_000, "WIRE", 3000, 47_000],
    ["local bank, 1 cent above the fee", 100, "LOCAL_BANK", 99, 1],
    ["card", 10_000, "INSTANT_CARD", 200, 9_800],
  ])("%s", (_name, amountCents, method, fee, net) => {
    expect(quoteWithdrawal({ ...base, amountCents, method })).toEqual({ amountCents, feeCents: fee, netCents: net });
  });

  it.each<[string, Partial<Parameters<typeof quoteWithdrawal>[0]>, BillingErrorCode, string]>([
    ["more than available", { amountCents: 50_001, method: "ACH" }, "AMOUNT_EXCEEDS_AVAILABLE", "amountCents"],
    ["equal to the fee", { amountCents: 3000, method: "WIRE" }, "AMOUNT_NOT_ABOVE_FEE", "amountCents"],
    ["zero on ACH", { amountCents: 0, method: "ACH" }, "AMOUNT_NOT_ABOVE_FEE", "amountCents"],
    ["negative", { amountCents: -100, method: "ACH" }, "INVALID_CENTS", "amountCents"],
    ["fractional", { amountCents: 100.5, method: "ACH" }, "INVALID_CENTS", "amountCents"],
    ["a negative balance", { amountCents: 100, availableCents: -1, method: "ACH" }, "INVALID_CENTS", "availableCents"],
    ["an unknown method", { amountCents: 100, method: "CHEQUE" }, "UNKNOWN_PAYOUT_METHOD", "method"],
    ["a method added 2 days ago", { amountCents: 100, method: "ACH", methodAddedAt: at("2024-06-08T12:00:00Z") }, "METHOD_NOT_USABLE_YET", "method"],
  ])("rejects %s", (_name, patch, code, field) => {
    expectBillingError(() => quoteWithdrawal({ ...base, amountCents: 100, method: "ACH", ...patch }), code, field);
  });
});

describe("R10.3 nextScheduledPayoutDate", () => {
  it.each([
    ["WEEKLY", "2024-06-05T15:00:00Z", "2024-06-05"],
    ["WEEKLY", "2024-06-06T00:00:00Z", "2024-06-12"],
    ["WEEKLY", "2024-06-30T10:00:00Z", "2024-07-03"],
    ["WEEKLY", "2024-12-31T10:00:00Z", "2025-01-01"],
    ["TWICE_MONTHLY", "2024-06-01T00:00:00Z", "2024-06-05"],
    ["TWICE_MONTHLY", "2024-06-06T00:00:00Z", "2024-06-19"],
    ["TWICE_MONTHLY", "2024-06-19T23:59:59Z", "2024-06-19"],
    ["TWICE_MONTHLY", "2024-06-20T00:00:00Z", "2024-07-03"],
    ["TWICE_MONTHLY", "2024-07-04T00:00:00Z", "2024-07-17"],
    ["MONTHLY", "2024-06-01T00:00:00Z", "2024-06-26"],
    ["MONTHLY", "2024-06-27T00:00:00Z", "2024-07-31"],
    ["MONTHLY", "2024-07-31T23:59:00Z", "2024-07-31"],
    ["MONTHLY", "2024-08-01T00:00:00Z", "2024-08-28"],
    ["MONTHLY", "2024-02-01T00:00:00Z", "2024-02-28"],
    ["QUARTERLY", "2024-06-01T00:00:00Z", "2024-06-26"],
    ["QUARTERLY", "2024-06-27T00:00:00Z", "2024-09-25"],
    ["QUARTERLY", "2024-09-26T00:00:00Z", "2024-12-25"],
    ["QUARTERLY", "2024-12-26T00:00:00Z", "2025-03-26"],
    ["QUARTERLY", "2024-01-15T00:00:00Z", "2024-03-27"],
  ])("%s at %s: %s", (schedule, now, day) => {
    expect(nextScheduledPayoutDate(schedule, at(now)).toISOString()).toBe(`${day}T00:00:00.000Z`);
  });

  it("rejects an unknown schedule", () => {
    expectBillingError(() => nextScheduledPayoutDate("DAILY", at("2024-06-01T00:00:00Z")), "UNKNOWN_PAYOUT_SCHEDULE", "schedule");
  });

  it.each([
    ["WEEKLY", "2024-06-12T08:00:00Z", true],
    ["WEEKLY", "2024-06-13T08:00:00Z", false],
    ["TWICE_MONTHLY", "2024-06-12T08:00:00Z", false],
    ["MONTHLY", "2024-06-26T23:00:00Z", true],
    ["QUARTERLY", "2024-07-31T08:00:00Z", false],
  ])("isScheduledPayoutDay(%s, %s) = %s", (schedule, now, expected) => {
    expect(isScheduledPayoutDay(schedule, at(now))).toBe(expected);
  });

  // An independent oracle, day by day.
  const daysInMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  const isPayoutDay: Record<string, (d: Date) => boolean> = {
    WEEKLY: (d) => d.getUTCDay() === 3,
    TWICE_MONTHLY: (d) => d.getUTCDay() === 3 && (d.getUTCDate() <= 7 || (d.getUTCDate() >= 15 && d.getUTCDate() <= 21)),
    MONTHLY: (d) => d.getUTCDay() === 3 && d.getUTCDate() + 7 > daysInMonth(d),
    QUARTERLY: (d) => d.getUTCDay() === 3 && d.getUTCDate() + 7 > daysInMonth(d) && d.getUTCMonth() % 3 === 2,
  };

  it("property: the result is the first payout day on or after today", () => {
    fc.assert(
      fc.property(fc.constantFrom("WEEKLY", "TWICE_MONTHLY", "MONTHLY", "QUARTERLY"), fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), (schedule, ms) => {
        const next = nextScheduledPayoutDate(schedule, new Date(ms));
        const today = ms - (ms % DAY_MS);
        const check = isPayoutDay[schedule] as (d: Date) => boolean;
        expect(check(next)).toBe(true);
        expect(next.getTime()).toBeGreaterThanOrEqual(today);
        for (let d = today; d < next.getTime(); d += DAY_MS) expect(check(new Date(d))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe("R10.3 scheduledPayout", () => {
  const wednesday = at("2024-06-12T06:00:00Z");
  const base = { schedule: "WEEKLY", now: wednesday, availableCents: 25_000, method: "ACH", methodAddedAt: at("2024-01-01T00:00:00Z") };

  it.each<[string, Partial<Parameters<typeof scheduledPayout>[0]>, object]>([
    ["fires with the whole balance", {}, { fires: true, amountCents: 25_000, feeCents: 0, netCents: 25_000 }],
    ["fires at exactly the default $100 threshold", { availableCents: 10_000 }, { fires: true, amountCents: 10_000 }],
    ["waits below the default threshold", { availableCents: 9_999 }, { fires: false, reason: "BELOW_THRESHOLD" }],
    ["honours the user's threshold", { availableCents: 9_999, thresholdCents: 5_000 }, { fires: true, amountCents: 9_999 }],
    ["null threshold means the default", { availableCents: 9_999, thresholdCents: null }, { fires: false, reason: "BELOW_THRESHOLD" }],
    ["takes the wire fee out", { method: "WIRE" }, { fires: true, amountCents: 25_000, feeCents: 3000, netCents: 22_000 }],
    ["not on a Thursday", { now: at("2024-06-13T06:00:00Z") }, { fires: false, reason: "NOT_A_PAYOUT_DAY" }],
    ["not on the 2nd Wednesday for twice a month", { schedule: "TWICE_MONTHLY" }, { fires: false, reason: "NOT_A_PAYOUT_DAY" }],
    ["Choice: waits while the method is on hold", { methodAddedAt: at("2024-06-11T00:00:00Z") }, { fires: false, reason: "METHOD_NOT_USABLE_YET" }],
    ["Choice: waits when the balance is not above the fee", { method: "WIRE", thresholdCents: 0, availableCents: 3000 }, { fires: false, reason: "NOT_ABOVE_FEE" }],
    ["nothing available, threshold 0", { thresholdCents: 0, availableCents: 0 }, { fires: false, reason: "NOT_ABOVE_FEE" }],
  ])("%s", (_name, patch, expected) => {
    expect(scheduledPayout({ ...base, ...patch })).toMatchObject(expected);
  });

  it.each<[string, Partial<Parameters<typeof scheduledPayout>[0]>, BillingErrorCode]>([
    ["a negative threshold", { thresholdCents: -1 }, "INVALID_CENTS"],
    ["an unknown method", { method: "BITCOIN" }, "UNKNOWN_PAYOUT_METHOD"],
    ["an unknown schedule", { schedule: "YEARLY" }, "UNKNOWN_PAYOUT_SCHEDULE"],
    ["a fractional balance", { availableCents: 0.1 }, "INVALID_CENTS"],
  ])("rejects %s", (_name, patch, code) => {
    expectBillingError(() => scheduledPayout({ ...base, ...patch }), code);
  });
});

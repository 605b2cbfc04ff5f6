import { describe, expect, it } from "vitest";
import type { BillingErrorCode } from "./errors";
import { at, expectBillingError } from "./test-helpers";
import { bonusPayment, canPayBonus } from "./bonus";

const startedAt = at("2023-01-02T09:00:00Z");
const endedAt = at("2024-03-01T12:00:00Z");

describe("R8 canPayBonus", () => {
  it.each<[string, Date | null, string, boolean]>([
    ["an active contract", null, "2024-06-10T12:00:00Z", true],
    ["before the contract started (Choice)", null, "2023-01-01T09:00:00Z", false],
    ["on the day it ended", endedAt, "2024-03-01T18:00:00Z", true],
    ["exactly 365 days after the end (Choice: still allowed)", endedAt, "2025-03-01T12:00:00Z", true],
    ["one millisecond later", endedAt, "2025-03-01T12:00:00.001Z", false],
    ["two years later", endedAt, "2026-03-01T12:00:00Z", false],
  ])("%s: %s", (_name, end, now, expected) => {
    expect(canPayBonus({ startedAt, endedAt: end }, at(now))).toBe(expected);
  });

  it("rejects an end before the start", () => {
    expectBillingError(() => canPayBonus({ startedAt, endedAt: at("2022-01-01T00:00:00Z") }, at("2024-01-01T00:00:00Z")), "END_BEFORE_START", "endedAt");
  });
});

describe("R8 bonusPayment", () => {
  it("service fee applies, available 5 days later, never protected", () => {
    const bonus = bonusPayment(12_345, at("2024-06-10T15:30:00Z"));
    expect(bonus).toMatchObject({
      grossCents: 12_345,
      serviceFeeCents: 1_235, // 1234.5 rounds up
      netCents: 11_110,
      clientFeeCents: 370, // 370.35
      clientTotalCents: 12_715,
      protected: false,
    });
    expect(bonus.availableAt.toISOString()).toBe("2024-06-15T15:30:00.000Z");
  });

  it.each<[number, BillingErrorCode]>([
    [0, "AMOUNT_NOT_POSITIVE"],
    [-500, "INVALID_CENTS"],
    [1.25, "INVALID_CENTS"],
  ])("rejects %s cents with %s", (amount, code) => {
    expectBillingError(() => bonusPayment(amount, at("2024-06-10T15:30:00Z")), code, "amountCents");
  });
});

import { describe, expect, it } from "vitest";
import type { BillingErrorCode } from "./errors";
import { at, expectBillingError } from "../../tests/support/billing";
import { assertBonusWithinLimit, bonusPayment, canPayBonus } from "./bonus";
import { RULES, bonusMaxCents } from "../config/rules";
import { environmentProblems } from "../config/environment";

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

describe("bonus limit (assertBonusWithinLimit, bonusMaxCents)", () => {
  it("allows up to the limit and refuses a cent more, naming the field and the limit", () => {
    expect(() => assertBonusWithinLimit(1_000_000, 1_000_000)).not.toThrow();
    expectBillingError(() => assertBonusWithinLimit(1_000_001, 1_000_000), "AMOUNT_ABOVE_LIMIT", "amountCents");
    expect(() => assertBonusWithinLimit(1_000_001, 1_000_000)).toThrow("The bonus amount is above the limit of $10,000.00 per bonus.");
  });

  it("defaults to $10,000.00; BONUS_MAX_CENTS overrides it; a malformed value is refused", () => {
    expect(RULES.bonuses.maxAmountCents).toBe(1_000_000);
    expect(bonusMaxCents({})).toBe(1_000_000);
    expect(bonusMaxCents({ BONUS_MAX_CENTS: "250000" })).toBe(250_000);
    for (const bad of ["0", "-5", "12.5", "1e6", "lots"]) expect(() => bonusMaxCents({ BONUS_MAX_CENTS: bad })).toThrow(/BONUS_MAX_CENTS/);
  });

  it("a malformed BONUS_MAX_CENTS stops every process at startup, in any mode", () => {
    for (const mode of ["test", "production"]) {
      expect(environmentProblems({ HOURGLASS_MODE: mode, BONUS_MAX_CENTS: "ten thousand" })).toContainEqual(expect.stringContaining('BONUS_MAX_CENTS="ten thousand"'));
      expect(environmentProblems({ HOURGLASS_MODE: mode, BONUS_MAX_CENTS: "250000" }).filter((p) => p.includes("BONUS_MAX_CENTS"))).toEqual([]);
    }
  });
});

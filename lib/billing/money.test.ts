import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BillingErrorCode } from "./errors";
import { expectBillingError } from "../../tests/support/billing";
import {
  clientFeeCents,
  divideRoundHalfUp,
  feeBreakdown,
  feeCents,
  hourlyAmountCents,
  invoiceLine,
  mulDivRoundHalfUp,
  priceContractWeek,
  serviceFeeCents,
  splitCents,
} from "./money";

/** Exact half-up reference in BigInt: floor((2n + d) / 2d). */
const refHalfUp = (n: bigint, d: bigint): bigint => (2n * n + d) / (2n * d);
const cents = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const bp = fc.integer({ min: 0, max: 10_000 });

describe("R6.1 / R6.2 the spec example", () => {
  it("$22.22/h for 12 h with the 10% fee: gross $266.64, fee $26.66, net $239.98", () => {
    const week = priceContractWeek({ billableMinutes: 12 * 60, hourlyRateCents: 2222 });
    expect(week).toEqual({
      minutes: 720,
      rateCents: 2222,
      amountCents: 26664,
      grossCents: 26664,
      clientFeeCents: 800, // 3% of 266.64 = 7.9992
      clientTotalCents: 27464,
      serviceFeeCents: 2666,
      netCents: 23998,
    });
  });
});

describe("rounding, half-up, integers only", () => {
  it.each([
    [0, 7, 0],
    [1, 2, 1],
    [4, 2, 2],
    [5, 2, 3],
    [7, 3, 2],
    [8, 3, 3],
    [149, 100, 1],
    [150, 100, 2],
    [Number.MAX_SAFE_INTEGER, 2, 4503599627370496],
  ])("divideRoundHalfUp(%s, %s) = %s", (n, d, q) => {
    expect(divideRoundHalfUp(n, d)).toBe(q);
  });

  it.each([
    [-1, 2, "numerator"],
    [1.5, 2, "numerator"],
    [1, 0, "denominator"],
    [1, -2, "denominator"],
  ])("divideRoundHalfUp(%s, %s) rejects its %s", (n, d, field) => {
    expectBillingError(() => divideRoundHalfUp(n, d), "INVALID_ARGUMENT", field);
  });

  it.each([
    ["1 cent/h for 30 min = 0.5 cent", 30, 1, 1],
    ["1 cent/h for 29 min = 0.48 cent", 29, 1, 0],
    ["$50/h for 10 min = $8.333", 10, 5000, 833],
    ["$50/h for 20 min = $16.667", 20, 5000, 1667],
    ["no minutes", 0, 9999, 0],
    ["rate 0", 600, 0, 0],
  ])("R6.1 %s", (_name, minutes, rate, amount) => {
    expect(hourlyAmountCents(minutes, rate)).toBe(amount);
    expect(invoiceLine({ billableMinutes: minutes, hourlyRateCents: rate }).amountCents).toBe(amount);
  });

  it.each([
    ["client fee 3% of 50 cents = 1.5", () => clientFeeCents(50), 2],
    ["client fee 3% of 49 cents = 1.47", () => clientFeeCents(49), 1],
    ["service fee 10% of 5 cents = 0.5", () => serviceFeeCents(5), 1],
    ["service fee 10% of 4 cents = 0.4", () => serviceFeeCents(4), 0],
    ["service fee 10% of $1000", () => serviceFeeCents(100_000), 10_000],
    ["a custom rate of 0 bp", () => serviceFeeCents(12_345, 0), 0],
    ["a custom rate of 100%", () => feeCents(12_345, 10_000), 12_345],
  ])("R6.2 %s", (_name, fn, expected) => {
    expect(fn()).toBe(expected);
  });

  it("falls back to BigInt when rate x minutes leaves the safe range", () => {
    const rate = 1_000_000_000_000;
    const minutes = 100_001;
    expect(Number.isSafeInteger(rate * minutes)).toBe(false);
    expect(hourlyAmountCents(minutes, rate)).toBe(Number(refHalfUp(BigInt(rate) * BigInt(minutes), 60n)));
  });

  it("refuses a result beyond the safe range instead of rounding it", () => {
    expectBillingError(() => mulDivRoundHalfUp(Number.MAX_SAFE_INTEGER, 120, 60, "amountCents"), "INVALID_CENTS", "amountCents");
  });

  it.each<[string, () => unknown, BillingErrorCode, string]>([
    ["negative cents", () => serviceFeeCents(-1), "INVALID_CENTS", "grossCents"],
    ["fractional cents", () => clientFeeCents(10.5), "INVALID_CENTS", "amountCents"],
    ["NaN cents", () => feeBreakdown(Number.NaN), "INVALID_CENTS", "amountCents"],
    ["unsafe cents", () => feeBreakdown(2 ** 53), "INVALID_CENTS", "amountCents"],
    ["a negative rate", () => hourlyAmountCents(60, -100), "INVALID_CENTS", "hourlyRateCents"],
    ["a fractional rate", () => hourlyAmountCents(60, 22.5), "INVALID_CENTS", "hourlyRateCents"],
    ["negative minutes", () => hourlyAmountCents(-10, 100), "INVALID_MINUTES", "billableMinutes"],
    ["fractional minutes", () => invoiceLine({ billableMinutes: 1.5, hourlyRateCents: 100 }), "INVALID_MINUTES", "billableMinutes"],
    ["basis points above 10000", () => feeCents(100, 10_001), "INVALID_BASIS_POINTS", "basisPoints"],
    ["negative basis points", () => clientFeeCents(100, -1), "INVALID_BASIS_POINTS", "basisPoints"],
    ["fractional basis points", () => feeBreakdown(100, { clientFeeBp: 300, serviceFeeBp: 2.5 }), "INVALID_BASIS_POINTS", "basisPoints"],
  ])("rejects %s", (_name, fn, code, field) => {
    expectBillingError(fn, code, field);
  });
});

describe("splitCents", () => {
  it.each<[number, number[], number[]]>([
    [100, [1, 1, 1], [34, 33, 33]],
    [1, [1, 1], [1, 0]],
    [3, [1, 1], [2, 1]],
    [0, [0, 0], [0, 0]],
    [0, [5, 7], [0, 0]],
    [5, [0, 1], [0, 5]],
    [10, [3], [10]],
    [2222, [60, 660], [185, 2037]],
    [101, [1, 2, 2], [20, 41, 40]],
  ])("splitCents(%s, %j) = %j", (total, weights, parts) => {
    expect(splitCents(total, weights)).toEqual(parts);
  });

  it.each<[string, () => unknown, BillingErrorCode, string]>([
    ["no weights", () => splitCents(10, []), "INVALID_ARGUMENT", "weights"],
    ["a negative weight", () => splitCents(10, [1, -1]), "INVALID_ARGUMENT", "weights[1]"],
    ["a fractional weight", () => splitCents(10, [0.5]), "INVALID_ARGUMENT", "weights[0]"],
    ["all-zero weights for a non-zero total", () => splitCents(10, [0, 0]), "INVALID_ARGUMENT", "weights"],
    ["a negative total", () => splitCents(-10, [1]), "INVALID_CENTS", "totalCents"],
  ])("rejects %s", (_name, fn, code, field) => {
    expectBillingError(fn, code, field);
  });
});

describe("properties", () => {
  it("gross = net + service fee, to the cent; client total = gross + client fee", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), bp, bp, (gross, clientFeeBp, serviceFeeBp) => {
        const f = feeBreakdown(gross, { clientFeeBp, serviceFeeBp });
        expect(f.netCents + f.serviceFeeCents).toBe(gross);
        expect(f.clientTotalCents - f.clientFeeCents).toBe(gross);
        expect(f.serviceFeeCents).toBeLessThanOrEqual(gross);
        expect(f.netCents).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("fees and invoice lines equal the exact rational amount rounded half-up once", () => {
    fc.assert(
      fc.property(cents, bp, (amount, basisPoints) => {
        expect(feeCents(amount, basisPoints)).toBe(Number(refHalfUp(BigInt(amount) * BigInt(basisPoints), 10_000n)));
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_080 }), fc.integer({ min: 0, max: 10 ** 9 }), (minutes, rate) => {
        expect(hourlyAmountCents(minutes, rate)).toBe(Number(refHalfUp(BigInt(rate) * BigInt(minutes), 60n)));
      }),
    );
  });

  it("the parts of any split add up to the whole, each within a cent of its exact share", () => {
    fc.assert(
      fc.property(cents, fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { minLength: 1, maxLength: 20 }), (total, weights) => {
        const sum = weights.reduce((a, b) => a + b, 0);
        fc.pre(sum > 0);
        const parts = splitCents(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        parts.forEach((part, i) => {
          const exact = BigInt(total) * BigInt(weights[i] as number);
          const low = exact / BigInt(sum);
          expect(BigInt(part) === low || BigInt(part) === low + 1n).toBe(true);
        });
      }),
    );
  });
});

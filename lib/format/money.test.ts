import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { centsToInput, formatCents, formatMinutes, parseDollars } from "./money";

describe("formatCents", () => {
  it.each([
    [0, "$0.00"], [5, "$0.05"], [99, "$0.99"], [100, "$1.00"], [123456, "$1,234.56"], [-2666, "-$26.66"], [10n ** 15n, "$10,000,000,000,000.00"],
  ] as const)("%s -> %s", (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it("a safe integer reads exactly as its bigint (the plain-arithmetic path against the Intl one)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.maxSafeInteger(), fc.constantFrom(Number.MIN_SAFE_INTEGER, 999, 1000, 99_999, 100_000)), (cents) => {
        expect(formatCents(cents)).toBe(formatCents(BigInt(cents)));
      }),
    );
  });
});

describe("formatMinutes", () => {
  it.each([[0, "0:00 h"], [10, "0:10 h"], [720, "12:00 h"], [1450, "24:10 h"]] as const)("%s -> %s", (m, text) => {
    expect(formatMinutes(m)).toBe(text);
  });
});

describe("parseDollars", () => {
  it.each([["22.22", 2222], ["45", 4500], ["0.5", 50], ["1000000.01", 100000001], [" 7.10 ", 710]] as const)("%s -> %s cents", (text, cents) => {
    expect(parseDollars(text)).toBe(cents);
  });
  it.each(["", "-1", "1.234", "1e3", "abc", "1,000"])("rejects %j", (text) => {
    expect(parseDollars(text)).toBeNaN();
  });
});

describe("centsToInput", () => {
  it.each([
    [0, "0.00"],
    [5, "0.05"],
    [2222, "22.22"],
    [100_000, "1000.00"],
  ])("%i cents prefill as %s", (cents, text) => {
    expect(centsToInput(cents)).toBe(text);
  });

  it("refuses what is not a whole, non-negative number of cents", () => {
    expect(() => centsToInput(-1)).toThrow(RangeError);
    expect(() => centsToInput(1.5)).toThrow(RangeError);
  });

  it("parseDollars reads back exactly what it wrote, for any amount a form can hold", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 999_999_999_99 }), (cents) => parseDollars(centsToInput(cents)) === cents));
  });
});

import { describe, expect, it } from "vitest";
import { formatCents, formatMinutes, parseDollars } from "./money";

describe("formatCents", () => {
  it.each([
    [0, "$0.00"], [5, "$0.05"], [99, "$0.99"], [100, "$1.00"], [123456, "$1,234.56"], [-2666, "-$26.66"], [10n ** 15n, "$10,000,000,000,000.00"],
  ] as const)("%s -> %s", (cents, text) => {
    expect(formatCents(cents)).toBe(text);
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

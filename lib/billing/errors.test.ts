import { describe, expect, it } from "vitest";
import { BILLING_ERROR_CODES, BILLING_ERROR_TEXT, BillingError, isBillingError } from "./errors";
import { adminReviewRefund, refundAfterPrior, refundForMinutes } from "./disputes";

describe("BillingError", () => {
  it("carries code, field and a readable message", () => {
    const error = new BillingError("INVALID_CENTS", "amountCents");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("BillingError");
    expect(error.code).toBe("INVALID_CENTS");
    expect(error.field).toBe("amountCents");
    expect(error.message).toBe("INVALID_CENTS: amountCents");
    expect(new BillingError("NEGATIVE_LIMIT", "limitHours", "custom").message).toBe("custom");
  });

  it.each([
    [new BillingError("SLOT_NOT_ALIGNED", "slotStart"), true],
    [new Error("plain"), false],
    [{ code: "INVALID_CENTS", field: "x" }, false],
    [null, false],
  ])("isBillingError(%o) is %s", (value, expected) => {
    expect(isBillingError(value)).toBe(expected);
  });

  it("lists each code once", () => {
    expect(new Set(BILLING_ERROR_CODES).size).toBe(BILLING_ERROR_CODES.length);
  });

  it("words every code for people except those whose rules already do (tested below and in bonus.test.ts)", () => {
    expect(BILLING_ERROR_CODES.filter((c) => BILLING_ERROR_TEXT[c] === null)).toEqual(["AMOUNT_ABOVE_LIMIT", "NOT_BILLED"]);
  });

  it.each(BILLING_ERROR_CODES.filter((c) => BILLING_ERROR_TEXT[c] !== null))("%s has a sentence for people: no field key, code name or rule number", (code) => {
    const words = new BillingError(code, "amountCents", "amountCents must be a non-negative integer number of cents").userMessage;
    expect(words).toMatch(/^[A-Z].*\.$/);
    expect(words).not.toMatch(/\b[a-z]+[A-Z]\w*\b|\bR\d|[A-Z]{2,}_/);
  });

  // A refusal a person can meet (through lib/ledger's rule(), as a 422 beside the field) reads as a
  // sentence for them: no field keys, no code names, no rule numbers.
  it.each([
    ["more minutes refunded than billed", () => refundForMinutes({ billableMinutes: 60, amountCents: 6000, clientFeeCents: 180, serviceFeeCents: 600 }, 70)],
    ["more refunded in total than billed", () => refundAfterPrior({ billableMinutes: 20, amountCents: 2000, clientFeeCents: 60, serviceFeeCents: 200 }, 20, 20)],
    ["an over-limit segment disputed", () => adminReviewRefund({ billableMinutes: 10, amountCents: 1000, clientFeeCents: 30, serviceFeeCents: 100 }, [{ manual: false, hasScreenshot: true, activityLevel: 5, memo: "work", withinLimit: false, clientHasVerifiedPaymentMethod: true }])],
  ])("%s is refused in words", (_, refuse) => {
    let message = "";
    try {
      refuse();
    } catch (error) {
      expect(isBillingError(error)).toBe(true);
      message = (error as Error).message;
    }
    expect(message).toMatch(/^[A-Z][^_]*\.$/);
    expect(message).not.toMatch(/\b[a-z]+[A-Z]\w*\b|\bR\d|[A-Z]{2,}_/);
  });
});

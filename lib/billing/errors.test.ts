import { describe, expect, it } from "vitest";
import { BILLING_ERROR_CODES, BillingError, isBillingError } from "./errors";

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
});

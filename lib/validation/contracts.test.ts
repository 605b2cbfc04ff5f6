import { describe, expect, it } from "vitest";
import { changeTermsSchema, createContractSchema } from "./contracts";

describe("contract schemas", () => {
  it("accepts a change of limit or manual time", () => {
    expect(changeTermsSchema.parse({ weeklyLimitHours: 40 })).toEqual({ weeklyLimitHours: 40 });
    expect(changeTermsSchema.parse({ weeklyLimitHours: null })).toEqual({ weeklyLimitHours: null });
    expect(changeTermsSchema.parse({ manualTimeAllowed: true })).toEqual({ manualTimeAllowed: true });
  });

  it("refuses a change of rate or weekly payment, naming the field and the way out (R9.2)", () => {
    const result = changeTermsSchema.safeParse({ hourlyRateCents: 9000, weeklyPaymentCents: 1 });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(paths).toEqual(expect.arrayContaining([["hourlyRateCents", expect.stringContaining("hire again")], ["weeklyPaymentCents", expect.stringContaining("hire again")]]));
  });

  it.each([[-1, "negative"], [1.5, "whole hours"], [169, "168 hours"]])("refuses a weekly limit of %s", (limit, message) => {
    const result = changeTermsSchema.safeParse({ weeklyLimitHours: limit });
    expect(result.error?.issues[0]?.message).toContain(message);
  });

  it("refuses fractional or negative cents", () => {
    const base = { title: "Work", freelancerEmail: "f@test.example", weeklyLimitHours: 10 };
    expect(createContractSchema.safeParse({ ...base, hourlyRateCents: 10.5 }).error?.issues[0]?.message).toBe("The hourly rate must be whole cents.");
    expect(createContractSchema.safeParse({ ...base, hourlyRateCents: -1 }).error?.issues[0]?.message).toBe("The hourly rate cannot be negative.");
  });
});

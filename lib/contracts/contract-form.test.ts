import { describe, expect, it } from "vitest";
import { checkContractForm, type ContractFormValues } from "./contract-form";

const valid: ContractFormValues = {
  title: "Dashboard redesign", clientEmail: "", freelancerEmail: "Felix@Hourglass.test ", rate: "38.50", limit: "10",
  noLimit: false, manual: false, weekly: "", startsAt: "",
};

describe("checkContractForm: every field from the shared schema", () => {
  it("turns valid text into the API's input (cents, hours, normalised email)", () => {
    expect(checkContractForm(valid, false)).toEqual({
      ok: true,
      input: { title: "Dashboard redesign", freelancerEmail: "felix@hourglass.test", hourlyRateCents: 3850, weeklyLimitHours: 10, manualTimeAllowed: false, weeklyPaymentCents: 0 },
    });
    expect(checkContractForm({ ...valid, limit: "", noLimit: true, weekly: "200", startsAt: "2024-06-20" }, false)).toMatchObject({ ok: true, input: { weeklyLimitHours: null, weeklyPaymentCents: 20_000, startsAt: "2024-06-20" } });
  });

  it.each<[string, Partial<ContractFormValues>, boolean, string, string]>([
    ["an empty form names the title", { title: "" }, false, "title", "at least 3 characters"],
    ["a short title", { title: "ab" }, false, "title", "at least 3 characters"],
    ["a malformed freelancer email", { freelancerEmail: "felix" }, false, "freelancerEmail", "freelancer's email"],
    ["an admin without the client's email", {}, true, "clientEmail", "client's email"],
    ["a rate that is not dollars", { rate: "abc" }, false, "hourlyRateCents", "hourly rate in dollars"],
    ["a rate with three decimals", { rate: "1.005" }, false, "hourlyRateCents", "hourly rate in dollars"],
    ["a rate above the schema's maximum", { rate: "1000001" }, false, "hourlyRateCents", "too large"],
    ["an empty limit", { limit: "" }, false, "weeklyLimitHours", "whole hours"],
    ["a fractional limit", { limit: "2.5" }, false, "weeklyLimitHours", "whole hours"],
    ["a negative limit", { limit: "-1" }, false, "weeklyLimitHours", "cannot be negative"],
    ["a limit above a week", { limit: "169" }, false, "weeklyLimitHours", "168 hours"],
    ["a weekly payment that is not dollars", { weekly: "five" }, false, "weeklyPaymentCents", "weekly payment in dollars"],
  ])("%s", (_name, change, asAdmin, field, message) => {
    const result = checkContractForm({ ...valid, ...change }, asAdmin);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors)).toEqual([field]);
      expect(result.errors[field as keyof typeof result.errors]).toContain(message);
    }
  });
});

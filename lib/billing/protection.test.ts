import { describe, expect, it } from "vitest";
import { expectBillingError } from "../../tests/support/billing";
import { type ProtectionFailure, type ProtectionInput, canBeProtected, hourlyProtection } from "./protection";

const ok: ProtectionInput = {
  manual: false,
  hasScreenshot: true,
  activityLevel: 4,
  memo: "API work",
  withinLimit: true,
  clientHasVerifiedPaymentMethod: true,
};

describe("R5 hourlyProtection", () => {
  it.each<[string, Partial<ProtectionInput>, ProtectionFailure[]]>([
    ["every condition holds", {}, []],
    ["activity level 1 is enough", { activityLevel: 1 }, []],
    ["manual time", { manual: true, hasScreenshot: false, activityLevel: null }, ["MANUAL_TIME", "NO_SCREENSHOT", "NO_ACTIVITY"]],
    ["Choice: manual time fails screenshot and activity even if flags say otherwise", { manual: true }, ["MANUAL_TIME", "NO_SCREENSHOT", "NO_ACTIVITY"]],
    ["no screenshot", { hasScreenshot: false }, ["NO_SCREENSHOT"]],
    ["activity level 0", { activityLevel: 0 }, ["NO_ACTIVITY"]],
    ["no activity recorded", { activityLevel: null }, ["NO_ACTIVITY"]],
    ["empty memo", { memo: "" }, ["EMPTY_MEMO"]],
    ["Choice: whitespace memo", { memo: "  \t" }, ["EMPTY_MEMO"]],
    ["no memo", { memo: null }, ["EMPTY_MEMO"]],
    ["over the limit", { withinLimit: false }, ["OVER_LIMIT"]],
    ["client without verified payment method", { clientHasVerifiedPaymentMethod: false }, ["NO_VERIFIED_PAYMENT_METHOD"]],
    [
      "everything fails: every reason is listed",
      { manual: true, hasScreenshot: false, activityLevel: null, memo: " ", withinLimit: false, clientHasVerifiedPaymentMethod: false },
      ["MANUAL_TIME", "NO_SCREENSHOT", "NO_ACTIVITY", "EMPTY_MEMO", "OVER_LIMIT", "NO_VERIFIED_PAYMENT_METHOD"],
    ],
    ["two failures", { hasScreenshot: false, memo: "" }, ["NO_SCREENSHOT", "EMPTY_MEMO"]],
  ])("%s", (_name, patch, failures) => {
    const verdict = hourlyProtection({ ...ok, ...patch });
    expect(verdict.failures).toEqual(failures);
    expect(verdict.protected).toBe(failures.length === 0);
  });

  it("rejects an activity level outside 0..10", () => {
    expectBillingError(() => hourlyProtection({ ...ok, activityLevel: 12 }), "INVALID_ACTIVITY");
  });

  it.each([
    ["hourly", true],
    ["bonus", false],
    ["weekly_payment", false],
  ] as const)("R5 %s can be protected: %s", (kind, expected) => {
    expect(canBeProtected(kind)).toBe(expected);
  });
});

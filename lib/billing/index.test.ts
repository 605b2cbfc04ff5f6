import { describe, expect, it } from "vitest";
import * as billing from "./index";

describe("public API", () => {
  it.each([
    "weekStartOf",
    "weekCloseAt",
    "hourlyEarningTimeline",
    "isWeekEditable",
    "effectiveWeeklyLimitHours",
    "classifyContractWeek",
    "classifySlots",
    "activityLevel",
    "hourlyProtection",
    "priceContractWeek",
    "splitCents",
    "weeklyPaymentForWeek",
    "canPayBonus",
    "canFileDispute",
    "adminReviewRefund",
    "payoutFeeCents",
    "nextScheduledPayoutDate",
    "scheduledPayout",
    "quoteWithdrawal",
    "trackedSlotRejections",
  ])("exports %s", (name) => {
    expect(typeof (billing as Record<string, unknown>)[name]).toBe("function");
  });

  it("exports the one error type", () => {
    expect(new billing.BillingError("INVALID_CENTS", "x")).toBeInstanceOf(Error);
  });
});

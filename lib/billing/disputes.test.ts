import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BillingErrorCode } from "./errors";
import { at, expectBillingError } from "../../tests/support/billing";
import {
  type DisputeHistory,
  type InvoicedWeek,
  acceptedDisputeRefund,
  adminReviewRefund,
  canFileDispute,
  disputeResponseDeadline,
  disputeStage,
  refundAfterPrior,
  refundForMinutes,
} from "./disputes";
import { priceContractWeek } from "./money";
import type { ProtectionInput } from "./protection";

const WEEK = at("2024-06-03T00:00:00Z");
// $22.22/h for 12 h: amount 26664, client fee 800, service fee 2666
const INVOICE: InvoicedWeek = { billableMinutes: 720, amountCents: 26_664, clientFeeCents: 800, serviceFeeCents: 2_666 };

describe("R7.1 canFileDispute", () => {
  it.each([
    ["during the week itself", "2024-06-07T10:00:00Z", false],
    ["just before the close", "2024-06-10T11:59:59.999Z", false],
    ["at the close", "2024-06-10T12:00:00Z", true],
    ["Friday 23:59:59", "2024-06-14T23:59:59Z", true],
    ["Saturday 00:00", "2024-06-15T00:00:00Z", false],
  ])("%s: %s", (_name, now, expected) => {
    expect(canFileDispute(WEEK, at(now))).toBe(expected);
  });
});

describe("R7.3 / R7.4 deadline and stage", () => {
  it("the freelancer has 3 days", () => {
    expect(disputeResponseDeadline(at("2024-06-11T10:00:00Z")).toISOString()).toBe("2024-06-14T10:00:00.000Z");
  });

  const filedAt = at("2024-06-11T10:00:00Z");
  const history = (patch: Partial<DisputeHistory>): DisputeHistory => ({ filedAt, freelancerResponse: null, withdrawnAt: null, ...patch });

  it.each<[string, Partial<DisputeHistory>, string, string]>([
    ["no answer yet", {}, "2024-06-12T10:00:00Z", "awaiting_freelancer"],
    ["no answer in 3 days", {}, "2024-06-14T10:00:00Z", "admin_review"],
    ["accepted", { freelancerResponse: { kind: "accept", at: at("2024-06-12T09:00:00Z") } }, "2024-06-12T10:00:00Z", "accepted"],
    ["declined", { freelancerResponse: { kind: "decline", at: at("2024-06-12T09:00:00Z") } }, "2024-06-12T10:00:00Z", "admin_review"],
    ["an answer not yet given at now", { freelancerResponse: { kind: "accept", at: at("2024-06-13T09:00:00Z") } }, "2024-06-12T10:00:00Z", "awaiting_freelancer"],
    ["Choice: an acceptance at the deadline is too late", { freelancerResponse: { kind: "accept", at: at("2024-06-14T10:00:00Z") } }, "2024-06-15T10:00:00Z", "admin_review"],
    ["withdrawn by the client", { withdrawnAt: at("2024-06-12T09:00:00Z") }, "2024-06-12T10:00:00Z", "withdrawn"],
    ["withdrawn during admin review", { freelancerResponse: { kind: "decline", at: at("2024-06-11T12:00:00Z") }, withdrawnAt: at("2024-06-13T09:00:00Z") }, "2024-06-13T10:00:00Z", "withdrawn"],
    ["a withdrawal after acceptance does nothing", { freelancerResponse: { kind: "accept", at: at("2024-06-11T12:00:00Z") }, withdrawnAt: at("2024-06-13T09:00:00Z") }, "2024-06-13T10:00:00Z", "accepted"],
    ["Choice: withdrawal at the same instant as acceptance wins", { freelancerResponse: { kind: "accept", at: at("2024-06-12T09:00:00Z") }, withdrawnAt: at("2024-06-12T09:00:00Z") }, "2024-06-13T10:00:00Z", "withdrawn"],
  ])("%s", (_name, patch, now, stage) => {
    expect(disputeStage(history(patch), at(now))).toBe(stage);
  });

  it("rejects an answer before the filing", () => {
    expectBillingError(
      () => disputeStage(history({ freelancerResponse: { kind: "accept", at: at("2024-06-10T09:00:00Z") } }), at("2024-06-12T10:00:00Z")),
      "END_BEFORE_START",
      "freelancerResponse.at",
    );
  });
});

describe("R7.3 refunds", () => {
  it("the invoice fixture is what pricing produces", () => {
    const priced = priceContractWeek({ billableMinutes: 720, hourlyRateCents: 2222 });
    expect({ billableMinutes: priced.minutes, amountCents: priced.amountCents, clientFeeCents: priced.clientFeeCents, serviceFeeCents: priced.serviceFeeCents }).toEqual(INVOICE);
  });

  it("accepted: 6 disputed segments (1 h of 12) are refunded with their share of both fees", () => {
    expect(acceptedDisputeRefund(INVOICE, 6)).toEqual({
      refundedMinutes: 60,
      refundCents: 2_222,
      clientFeeRefundCents: 67, // 66.67
      clientRefundTotalCents: 2_289,
      serviceFeeReversalCents: 222, // 222.17
      freelancerDeductionCents: 2_000,
      keptAmountCents: 24_442,
    });
  });

  it("accepted for everything refunds the whole invoice", () => {
    const refund = acceptedDisputeRefund(INVOICE, 72);
    expect(refund.refundCents).toBe(26_664);
    expect(refund.clientRefundTotalCents).toBe(27_464);
    expect(refund.freelancerDeductionCents).toBe(23_998);
    expect(refund.keptAmountCents).toBe(0);
  });

  const good: ProtectionInput = { manual: false, hasScreenshot: true, activityLevel: 6, memo: "work", withinLimit: true, clientHasVerifiedPaymentMethod: true };

  it("admin review refunds exactly the disputed segments that fail Hourly Protection", () => {
    const result = adminReviewRefund(INVOICE, [good, { ...good, manual: true, hasScreenshot: false, activityLevel: null }, { ...good, hasScreenshot: false }, { ...good, activityLevel: 1 }]);
    expect(result.refundedIndexes).toEqual([1, 2]);
    expect(result.refundedMinutes).toBe(20);
    expect(result.refundCents).toBe(741); // 26664 / 36 = 740.67
    expect(result.verdicts.map((v) => v.protected)).toEqual([true, false, false, true]);
  });

  it("admin review of protected segments refunds nothing", () => {
    const result = adminReviewRefund(INVOICE, [good, good]);
    expect(result.refundedIndexes).toEqual([]);
    expect(result.refundCents).toBe(0);
    expect(result.keptAmountCents).toBe(26_664);
  });

  it.each<[string, () => unknown, BillingErrorCode]>([
    ["more minutes than billed", () => refundForMinutes(INVOICE, 730), "NOT_BILLED"],
    ["more segments than billed", () => acceptedDisputeRefund(INVOICE, 73), "NOT_BILLED"],
    ["an over-limit segment in an admin review", () => adminReviewRefund(INVOICE, [{ ...good, withinLimit: false }]), "NOT_BILLED"],
    ["more disputed segments than billed in an admin review", () => adminReviewRefund({ ...INVOICE, billableMinutes: 10 }, [good, good]), "NOT_BILLED"],
    ["a negative segment count", () => acceptedDisputeRefund(INVOICE, -1), "INVALID_ARGUMENT"],
    ["a negative invoice amount", () => refundForMinutes({ ...INVOICE, amountCents: -1 }, 10), "INVALID_CENTS"],
    ["a service fee above the amount", () => refundForMinutes({ ...INVOICE, serviceFeeCents: 30_000 }, 10), "INVALID_CENTS"],
    ["fractional minutes", () => refundForMinutes(INVOICE, 2.5), "INVALID_MINUTES"],
  ])("rejects %s", (_name, fn, code) => {
    expectBillingError(fn, code);
  });

  it("property: refunded + kept = invoiced for every figure, and the freelancer never loses more than the net", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1008 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1008 }), (slots, rate, disputed) => {
        fc.pre(disputed <= slots);
        const priced = priceContractWeek({ billableMinutes: slots * 10, hourlyRateCents: rate });
        const invoice = { billableMinutes: priced.minutes, amountCents: priced.amountCents, clientFeeCents: priced.clientFeeCents, serviceFeeCents: priced.serviceFeeCents };
        const r = acceptedDisputeRefund(invoice, disputed);
        expect(r.refundCents + r.keptAmountCents).toBe(priced.amountCents);
        expect(r.clientFeeRefundCents).toBeLessThanOrEqual(priced.clientFeeCents);
        expect(r.serviceFeeReversalCents).toBeLessThanOrEqual(priced.serviceFeeCents);
        expect(r.freelancerDeductionCents).toBeGreaterThanOrEqual(0);
        expect(r.freelancerDeductionCents).toBeLessThanOrEqual(priced.netCents);
      }),
    );
  });
});

describe("R7.3 several disputes of one week (refundAfterPrior)", () => {
  // 3 segments for $2.00: refunded one at a time, separate splits would give 67 + 67 + 67 = 201 cents
  const SMALL: InvoicedWeek = { billableMinutes: 30, amountCents: 200, clientFeeCents: 6, serviceFeeCents: 20 };

  it("three one-segment disputes settled in turn refund exactly the invoice, never a cent more", () => {
    expect(refundForMinutes(SMALL, 10).refundCents * 3).toBe(201);
    const refunds = [0, 10, 20].map((prior) => refundAfterPrior(SMALL, prior, 10));
    expect(refunds.map((r) => r.refundCents)).toEqual([67, 66, 67]);
    expect(refunds.reduce((s, r) => s + r.clientRefundTotalCents, 0)).toBe(206);
    expect(refunds.reduce((s, r) => s + r.serviceFeeReversalCents, 0)).toBe(20);
    expect(refunds.at(-1)!.keptAmountCents).toBe(0);
  });

  it("with nothing refunded before, it is refundForMinutes", () => {
    expect(refundAfterPrior(INVOICE, 0, 60)).toEqual(refundForMinutes(INVOICE, 60));
  });

  it("rejects refunding more minutes than were billed, in total", () => {
    expectBillingError(() => refundAfterPrior(SMALL, 20, 20), "NOT_BILLED");
  });

  it("property: refunds settled in any split add up to the refund of all their minutes at once; none is negative", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1008 }), fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 6 }), (slots, rate, parts) => {
        fc.pre(parts.reduce((s, p) => s + p, 0) <= slots);
        const priced = priceContractWeek({ billableMinutes: slots * 10, hourlyRateCents: rate });
        const invoice = { billableMinutes: priced.minutes, amountCents: priced.amountCents, clientFeeCents: priced.clientFeeCents, serviceFeeCents: priced.serviceFeeCents };
        let prior = 0;
        const sum = { refund: 0, client: 0, service: 0, deduction: 0 };
        for (const p of parts) {
          const r = refundAfterPrior(invoice, prior, p * 10);
          for (const v of [r.refundCents, r.clientFeeRefundCents, r.serviceFeeReversalCents, r.freelancerDeductionCents]) expect(v).toBeGreaterThanOrEqual(0);
          sum.refund += r.refundCents;
          sum.client += r.clientRefundTotalCents;
          sum.service += r.serviceFeeReversalCents;
          sum.deduction += r.freelancerDeductionCents;
          prior += p * 10;
        }
        const all = refundForMinutes(invoice, prior);
        expect(sum).toEqual({ refund: all.refundCents, client: all.clientRefundTotalCents, service: all.serviceFeeReversalCents, deduction: all.freelancerDeductionCents });
      }),
    );
  });
});

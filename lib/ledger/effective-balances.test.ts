import { describe, expect, it } from "vitest";
import { effectiveBalances, type DueLot } from "./effective-balances";

const booked = { inReview: 900n, pending: 450n, available: 100n, held: 50n, paidOut: 0n };
const hourly = (over: Partial<DueLot> = {}): DueLot => ({
  stage: "PENDING", pendingAt: new Date("2024-06-15T00:00:00Z"), availableAt: new Date("2024-06-19T00:00:00Z"), inReview: 900n, pending: 0n, ...over,
});

describe("effective balances (R6.3 read at any now)", () => {
  it("moves a due lot from in review to pending, then to available, as the instants pass", () => {
    expect(effectiveBalances(booked, [hourly()], new Date("2024-06-14T23:59:59Z"))).toEqual(booked);
    expect(effectiveBalances(booked, [hourly()], new Date("2024-06-15T00:00:00Z"))).toEqual({ ...booked, inReview: 0n, pending: 1350n });
    expect(effectiveBalances(booked, [hourly()], new Date("2024-06-19T00:00:00Z"))).toEqual({ ...booked, inReview: 0n, available: 1000n });
  });

  it("moves a lot already pending (or one that skips review) only at its available instant", () => {
    const lot = hourly({ stage: "AVAILABLE", pendingAt: null, inReview: 0n, pending: 450n, availableAt: new Date("2024-06-15T12:00:00Z") });
    expect(effectiveBalances(booked, [lot], new Date("2024-06-15T11:59:59.999Z"))).toEqual(booked);
    expect(effectiveBalances(booked, [lot], new Date("2024-06-15T12:00:00Z"))).toEqual({ ...booked, pending: 0n, available: 550n });
  });

  it("never touches held money, and conserves the total", () => {
    const after = effectiveBalances(booked, [hourly(), hourly({ stage: "AVAILABLE", inReview: 0n, pending: 450n })], new Date("2024-07-01T00:00:00Z"));
    expect(after.held).toBe(50n);
    const sum = (b: typeof booked) => b.inReview + b.pending + b.available + b.held + b.paidOut;
    expect(sum(after)).toBe(sum(booked));
  });
});

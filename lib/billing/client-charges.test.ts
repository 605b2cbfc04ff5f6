import { describe, expect, it } from "vitest";
import { chargeWriteOffAt, nextChargeRetryAt, SCHEDULED_CHARGE_ATTEMPTS, unpaidHourlyShares } from "./client-charges";
import { priceContractWeek } from "./money";

const week = new Date("2024-06-03T00:00:00Z"); // closes Mon 2024-06-10 12:00

describe("R14.3 retries of a failed weekly charge", () => {
  it.each([
    [1, "2024-06-11T12:00:00.000Z"],
    [2, "2024-06-13T12:00:00.000Z"],
    [3, null],
  ])("after %i scheduled failure(s) the next attempt is due at %s", (failures, expected) => {
    expect(nextChargeRetryAt(week, failures)?.toISOString() ?? null).toBe(expected);
  });

  it("makes three scheduled attempts in all", () => {
    expect(SCHEDULED_CHARGE_ATTEMPTS).toBe(3);
  });

  it("refuses a count that is not a positive integer", () => {
    expect(() => nextChargeRetryAt(week, 0)).toThrow();
    expect(() => nextChargeRetryAt(week, 1.5)).toThrow();
  });
});

describe("R14.4 write-off", () => {
  it("is 30 days after the close", () => {
    expect(chargeWriteOffAt(week).toISOString()).toBe("2024-07-10T12:00:00.000Z");
  });
});

describe("R14.4 protected and held shares of an unpaid week's hourly line", () => {
  it.each([
    // minutes billed, rate, unprotected minutes
    [600, 3000, 0],
    [600, 3000, 600],
    [600, 3000, 200],
    [70, 1999, 30],
    [10, 1, 10],
  ])("%i min at %i c/h with %i unprotected: the shares add up to the line cent for cent", (billed, rate, unprotected) => {
    const p = priceContractWeek({ billableMinutes: billed, hourlyRateCents: rate });
    const line = { billableMinutes: billed, amountCents: p.amountCents, clientFeeCents: p.clientFeeCents, serviceFeeCents: p.serviceFeeCents };
    const s = unpaidHourlyShares(line, unprotected);
    expect(s.protectedNetCents + s.heldNetCents).toBe(p.netCents);
    expect(s.heldNetCents).toBeGreaterThanOrEqual(0);
    expect(s.heldFeesCents).toBeLessThanOrEqual(p.clientFeeCents + p.serviceFeeCents);
    if (unprotected === 0) expect(s).toEqual({ protectedNetCents: p.netCents, heldNetCents: 0, heldFeesCents: 0 });
    if (unprotected === billed) expect(s).toEqual({ protectedNetCents: 0, heldNetCents: p.netCents, heldFeesCents: p.clientFeeCents + p.serviceFeeCents });
  });

  it("splits $300.00 with a third unprotected: $90.00 of the $270.00 net held, with $13.00 of fees", () => {
    // 10 h at $30: amount 30000, client fee 900, service fee 3000, net 27000
    const s = unpaidHourlyShares({ billableMinutes: 600, amountCents: 30_000, clientFeeCents: 900, serviceFeeCents: 3000 }, 200);
    expect(s).toEqual({ protectedNetCents: 18_000, heldNetCents: 9000, heldFeesCents: 1300 });
  });
});

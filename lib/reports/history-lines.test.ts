import { describe, expect, it } from "vitest";
import { accountsFor, linesOf, statusOf, transferTypesFor, type HistoryEntry } from "./history-lines";
import { decodeCursor, encodeCursor } from "./cursor";
import { csvLine, decimal } from "./csv";

const NOW = new Date("2024-06-12T15:00:00Z");
const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  entryId: 7n, createdAt: new Date("2024-06-10T12:00:00Z"), amount: 10_800n, account: "in_review", transferType: "HOURLY", referenceId: "HG-INV-2024W23-X",
  description: "raw", contractId: "c", contractTitle: "Mobile app", balanceAfter: 50_000n,
  invoice: { weekStart: new Date("2024-06-03T00:00:00Z"), billedMinutes: 120, serviceFee: 1_200, hourlyServiceFee: 1_200, clientFee: 360, hourlyClientFee: 360 },
  bonus: null, maturity: { stage: "PENDING", pendingAt: new Date("2024-06-15T00:00:00Z"), availableAt: new Date("2024-06-19T00:00:00Z") }, withdrawalStatus: null,
  ...over,
});

describe("R12 history lines", () => {
  it("splits an hourly earning into the gross and its service fee, adding up to the entry", () => {
    const [fee, gross] = linesOf(entry({}), "FREELANCER", NOW);
    expect(fee).toMatchObject({ type: "SERVICE_FEE", amountCents: "-1200", runningBalanceCents: "50000", status: "in_review", id: "7:fee" });
    expect(gross).toMatchObject({ type: "HOURLY", amountCents: "12000", runningBalanceCents: "51200", description: "Mobile app, week of 2024-06-03: 2:00 h" });
  });

  it("shows a client the charge and the client fee, with the total charged as a positive figure", () => {
    const lines = linesOf(entry({ amount: -12_360n, account: "charges", balanceAfter: -20_000n }), "CLIENT", NOW);
    expect(lines.map((l) => [l.type, l.amountCents, l.runningBalanceCents])).toEqual([["CLIENT_FEE", "-360", "20000"], ["HOURLY", "-12000", "19640"]]);
  });

  it("keeps only the lines of the filtered type", () => {
    expect(linesOf(entry({}), "FREELANCER", NOW, "SERVICE_FEE").map((l) => l.type)).toEqual(["SERVICE_FEE"]);
    expect(linesOf(entry({}), "FREELANCER", NOW, "HOURLY").map((l) => l.type)).toEqual(["HOURLY"]);
  });

  it("weekly payment fees are the invoice's fees minus the hourly line's", () => {
    const e = entry({ transferType: "WEEKLY_PAYMENT", amount: 45_000n, account: "pending", invoice: { weekStart: new Date("2024-06-03T00:00:00Z"), billedMinutes: 0, serviceFee: 6_200, hourlyServiceFee: 1_200, clientFee: 1_860, hourlyClientFee: 360 } });
    expect(linesOf(e, "FREELANCER", NOW).map((l) => l.amountCents)).toEqual(["-5000", "50000"]);
  });

  it("never shows steps between states, and shows a failed payout returned as an adjustment", () => {
    expect(linesOf(entry({ transferType: "MATURITY" }), "FREELANCER", NOW)).toEqual([]);
    expect(linesOf(entry({ transferType: "REVERSAL", account: "available", amount: 500n, invoice: null, maturity: null }), "FREELANCER", NOW)[0]).toMatchObject({ type: "ADJUSTMENT", status: "available" });
    expect(transferTypesFor("ADJUSTMENT", "FREELANCER")).toEqual(["ADJUSTMENT", "REVERSAL"]);
    expect(transferTypesFor("CLIENT_FEE", "FREELANCER")).toEqual([]);
    expect(accountsFor("HOURLY")).toEqual(["in_review"]);
    expect(accountsFor(undefined)).toHaveLength(4);
  });

  it.each([
    ["before the review window ends", "2024-06-14T23:59:59Z", "in_review", "in_review"],
    ["in the security period", "2024-06-15T00:00:00Z", "pending", "paid"],
    ["from the Wednesday", "2024-06-19T00:00:00Z", "available", "paid"],
  ])("R6.3 status %s, even when no job booked the step", (_what, at, freelancer, client) => {
    expect(statusOf(entry({}), "FREELANCER", new Date(at))).toBe(freelancer);
    expect(statusOf(entry({ account: "charges" }), "CLIENT", new Date(at))).toBe(client);
  });

  it("withdrawals are pending until paid, or failed", () => {
    const w = (s: HistoryEntry["withdrawalStatus"]) => statusOf(entry({ transferType: "WITHDRAWAL", withdrawalStatus: s, maturity: null }), "FREELANCER", NOW);
    expect([w("PROCESSING"), w("PAID"), w("FAILED")]).toEqual(["pending", "paid", "failed"]);
  });
});

describe("R14.5 client billing lines", () => {
  const charge = { referenceId: "HG-CHG-2024W23-ABC", weekStart: new Date("2024-06-03T00:00:00Z"), method: "Visa •••• 4242" };
  const onCharges = { account: "charges", invoice: null, maturity: null, contractId: null, contractTitle: null };

  it("shows a client a charge once, as the amount paid by the method, bringing what they owe back down", () => {
    const [line, ...rest] = linesOf(entry({ ...onCharges, transferType: "CHARGE", amount: 12_360n, balanceAfter: 0n, referenceId: charge.referenceId, charge }), "CLIENT", NOW);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ type: "CHARGE", amountCents: "12360", runningBalanceCents: "0", status: "paid", description: "Charge HG-CHG-2024W23-ABC paid by Visa •••• 4242: week of 2024-06-03" });
    // a charge with no charge row (paid before client billing) keeps its own words
    expect(linesOf(entry({ ...onCharges, transferType: "CHARGE", amount: 500n, description: "Paid before client billing", charge: null }), "CLIENT", NOW)[0]?.description).toBe("Paid before client billing");
  });

  it("shows a failed attempt without an amount moved, with the provider's message and the method", () => {
    const e = entry({ ...onCharges, transferType: "CHARGE", amount: 0n, balanceAfter: -12_360n, charge, attempt: { outcome: "DECLINED", message: "Your card was declined.", method: "Visa •••• 0341" } });
    expect(linesOf(e, "CLIENT", NOW)).toMatchObject([{ type: "FAILED_CHARGE", amountCents: "0", runningBalanceCents: "12360", status: "failed", description: "Charge attempt failed: Your card was declined. (Visa •••• 0341)" }]);
    expect(linesOf(e, "CLIENT", NOW, "CHARGE")).toEqual([]);
  });

  it("shows a freelancer an unpaid week's hold and release once (their last leg), never a dispute's", () => {
    const hold = entry({ transferType: "HOLD", account: "held", amount: 5_400n, paymentHold: true, lastLeg: true });
    expect(linesOf(hold, "FREELANCER", NOW)).toMatchObject([{ type: "PAYMENT_HOLD", amountCents: "0", status: "pending", description: "Held: client payment failed for Mobile app, week of 2024-06-03 ($54.00 waits for the client's payment)" }]);
    expect(linesOf({ ...hold, account: "in_review", amount: -5_400n, lastLeg: false }, "FREELANCER", NOW)).toEqual([]);
    expect(linesOf({ ...hold, paymentHold: false }, "FREELANCER", NOW)).toEqual([]);
    const release = entry({ transferType: "RELEASE", account: "available", amount: 5_400n, paymentHold: true, lastLeg: true, maturity: null });
    expect(linesOf(release, "FREELANCER", NOW)).toMatchObject([{ type: "PAYMENT_HOLD", amountCents: "0", status: "available", description: "Released: client paid for Mobile app, week of 2024-06-03 ($54.00)" }]);
  });

  it("shows a write-off's reversal to both sides, and the platform's share to the client only", () => {
    const reversal = entry({ transferType: "REVERSAL", account: "held", amount: -5_400n, paymentHold: true, maturity: null });
    expect(linesOf(reversal, "FREELANCER", NOW)).toMatchObject([{ type: "WRITE_OFF", amountCents: "-5400", status: "failed", description: "Reversed: client never paid (unprotected time), Mobile app, week of 2024-06-03" }]);
    expect(linesOf({ ...reversal, account: "charges", amount: 6_210n, charge }, "CLIENT", NOW)[0]).toMatchObject({ type: "WRITE_OFF", amountCents: "6210", description: "Written off HG-CHG-2024W23-ABC: unprotected time reversed, Mobile app, week of 2024-06-03" });
    expect(linesOf(entry({ ...onCharges, transferType: "PROTECTION", amount: 6_000n, charge }), "CLIENT", NOW)[0]?.description).toBe("Written off HG-CHG-2024W23-ABC: protected time paid by Hourly Protection");
    // a payout's reversal is still an adjustment
    expect(linesOf({ ...reversal, paymentHold: false, account: "available" }, "FREELANCER", NOW)[0]?.type).toBe("ADJUSTMENT");
    expect(transferTypesFor("WRITE_OFF", "CLIENT")).toEqual(["REVERSAL", "WRITE_OFF", "PROTECTION"]);
    expect(transferTypesFor("CHARGE", "FREELANCER")).toEqual([]);
  });
});

describe("history cursor", () => {
  it("round-trips and refuses an edited one", () => {
    const c = { at: Date.parse("2024-06-11T12:00:00.123Z"), id: 123_456_789_012n, balanceBefore: -98_765n };
    const text = encodeCursor(c);
    expect(decodeCursor(text)).toEqual(c);
    const [at, id, , mac] = text.split(".");
    expect(decodeCursor([at, id, (99_999_999n).toString(36), mac].join("."))).toBeNull();
    expect(decodeCursor("nonsense")).toBeNull();
  });
});

describe("CSV", () => {
  it("writes plain decimals, quotes what needs it, and defuses formulas in free text", () => {
    expect([decimal("-600"), decimal("5"), decimal(123_456n)]).toEqual(["-6.00", "0.05", "1234.56"]);
    const bonus = entry({
      transferType: "BONUS", account: "pending", amount: 9_000n, contractTitle: "=SUM(A1)", bonus: { memo: 'cmd|"x", ok', serviceFee: 0, clientFee: 0 }, invoice: null,
      maturity: { stage: "AVAILABLE", pendingAt: null, availableAt: new Date("2024-06-15T10:00:00Z") },
    });
    const [line] = linesOf(bonus, "FREELANCER", NOW);
    expect(csvLine(line!)).toBe('2024-06-10 12:00,HG-INV-2024W23-X,Bonus,"Bonus: =SUM(A1): cmd|""x"", ok",\'=SUM(A1),90.00,Pending,500.00\r\n');
  });
});

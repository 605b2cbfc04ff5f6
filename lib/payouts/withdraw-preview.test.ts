import { describe, expect, it } from "vitest";
import { previewWithdrawal } from "./withdraw-preview";

const NOW = new Date("2024-06-12T15:05:00Z");
const methods = [
  { id: "7d0c6f3e-8a7b-4c55-9a66-0a4a4c1f4a11", kind: "ACH", createdAt: "2024-06-02T15:05:00Z" },
  { id: "7d0c6f3e-8a7b-4c55-9a66-0a4a4c1f4a12", kind: "WIRE", createdAt: "2024-06-02T15:05:00Z" },
  { id: "7d0c6f3e-8a7b-4c55-9a66-0a4a4c1f4a13", kind: "INSTANT_CARD", createdAt: "2024-06-10T15:05:00Z" }, // in its hold until the 13th
];
const [ach, wire, card] = methods.map((m) => m.id) as [string, string, string];
const preview = (amountText: string, methodId: string, availableCents = 50_000) => previewWithdrawal({ amountText, methodId, methods, availableCents, now: NOW });

describe("withdraw-now preview (R10.1, R10.2)", () => {
  it.each([
    ["120", ach, { amountCents: 12_000, feeCents: 0, netCents: 12_000 }],
    ["99.50", wire, { amountCents: 9_950, feeCents: 3_000, netCents: 6_950 }],
    ["500", ach, { amountCents: 50_000, feeCents: 0, netCents: 50_000 }],
  ])("$%s: fee and net from lib/billing", (amountText, methodId, quote) => {
    expect(preview(amountText, methodId)).toEqual({ ok: true, methodId, ...quote });
  });

  it.each([
    ["", "", ["amountCents", "methodId"]],
    ["12.345", ach, ["amountCents"]],
    ["0", ach, ["amountCents"]],
    ["500.01", ach, ["amountCents"]],
    ["30", wire, ["amountCents"]], // not above the $30 wire fee
    ["100", card, ["methodId"]], // R10.1 3-day hold
    ["100", "not-a-method", ["methodId"]],
  ])("$%s refused, naming the field the server names", (amountText, methodId, fields) => {
    const r = preview(amountText, methodId);
    expect(r.ok).toBe(false);
    expect(Object.keys(r.ok ? {} : r.fields).sort()).toEqual(fields);
  });

  it("says what the limits are", () => {
    expect(preview("500.01", ach)).toEqual({ ok: false, fields: { amountCents: "Enter at most $500.00, your available balance." } });
    expect(preview("123.46", ach, 12_345)).toEqual({ ok: false, fields: { amountCents: "Enter at most $123.45, your available balance." } });
    expect(preview("30", wire)).toEqual({ ok: false, fields: { amountCents: "Enter more than the $30.00 wire fee, which comes out of the amount." } });
    // R10.1 the hold ends 3 x 24 h after the method was added, named in UTC
    expect(preview("100", card)).toEqual({ ok: false, fields: { methodId: "This method can be used from Thu 13 Jun 2024, 15:05 UTC, 3 days after it was added. Choose another one, or wait until then." } });
  });
});

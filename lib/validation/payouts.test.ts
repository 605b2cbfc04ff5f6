import { describe, expect, it } from "vitest";
import { addPayoutMethodSchema, fieldErrors, payoutScheduleSchema, withdrawSchema } from "./payouts";

const NOW = new Date("2024-06-12T15:05:00Z");
const errorsOf = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, body: unknown) => {
  const r = schema.safeParse(body);
  return r.success ? {} : fieldErrors(r.error as Parameters<typeof fieldErrors>[0]);
};
const method = addPayoutMethodSchema(NOW);

describe("payout method schema (R10.1), shared by the form and the route", () => {
  it("names the kind when it is not one of R10.1's methods", () => {
    expect(Object.keys(errorsOf(method, { kind: "CHEQUE" }))).toEqual(["kind"]);
    expect(Object.keys(errorsOf(method, {}))).toEqual(["kind"]);
  });

  it.each([
    ["ACH", { routingNumber: "021000022", accountNumber: "12" }, ["routingNumber", "accountNumber"]],
    ["LOCAL_BANK", { country: "Pakistan", bankCode: "!", accountNumber: "1" }, ["country", "bankCode", "accountNumber"]],
    ["WIRE", { iban: "DE44500105175407324932", swift: "DEUT" }, ["iban", "swift"]],
    ["INSTANT_CARD", { cardNumber: "4242 4242 4242 4241", expiry: "05/24" }, ["cardNumber", "expiry"]],
  ])("%s names each bad account field", (kind, fields, names) => {
    expect(Object.keys(errorsOf(method, { kind, accountHolder: "Fiona F", ...fields })).sort()).toEqual([...names].sort());
  });

  it("normalizes what people type and accepts good accounts of each kind", () => {
    expect(method.parse({ kind: "ACH", accountHolder: " Fiona F ", routingNumber: "0210-0002-1", accountNumber: "0001 2345 6789" })).toEqual({
      kind: "ACH", label: "", accountHolder: "Fiona F", routingNumber: "021000021", accountNumber: "000123456789",
    });
    expect(method.parse({ kind: "LOCAL_BANK", accountHolder: "Fiona F", country: "pk", bankCode: "hbl 0042", accountNumber: "PK 1234 5678" })).toMatchObject({ country: "PK", bankCode: "HBL0042", accountNumber: "PK12345678" });
    expect(method.parse({ kind: "WIRE", accountHolder: "Fiona F", iban: "de44 5001 0517 5407 3249 31", swift: "deutdeff" })).toMatchObject({ iban: "DE44500105175407324931", swift: "DEUTDEFF" });
    expect(method.parse({ kind: "INSTANT_CARD", accountHolder: "Fiona F", cardNumber: "4242-4242-4242-4242", expiry: "6/2024" })).toMatchObject({ cardNumber: "4242424242424242", expiry: "06/24" });
  });

  it("a card is good through the last day of its expiry month", () => {
    const card = { kind: "INSTANT_CARD", accountHolder: "Fiona F", cardNumber: "4242424242424242", expiry: "06/24" };
    expect(addPayoutMethodSchema(new Date("2024-06-30T23:59:59Z")).safeParse(card).success).toBe(true);
    expect(errorsOf(addPayoutMethodSchema(new Date("2024-07-01T00:00:00Z")), card)).toEqual({ expiry: "This card has expired." });
  });

  it("Choice: refuses a name that carries the number itself", () => {
    expect(Object.keys(errorsOf(method, { kind: "INSTANT_CARD", label: "card 4242 4242 4242 4242", accountHolder: "Fiona F", cardNumber: "4242424242424242", expiry: "12/27" }))).toEqual(["label"]);
  });

  it("no message echoes the number typed", () => {
    const fields = errorsOf(method, { kind: "INSTANT_CARD", accountHolder: "Fiona F", cardNumber: "4242424242424241", expiry: "12/27" });
    expect(JSON.stringify(fields)).not.toContain("4241");
  });
});

describe("withdraw and schedule schemas", () => {
  it("withdraw needs amount, method, key and the password, each named", () => {
    expect(Object.keys(errorsOf(withdrawSchema, { amountCents: 10.5 })).sort()).toEqual(["amountCents", "idempotencyKey", "methodId", "password"]);
    expect(errorsOf(withdrawSchema, { amountCents: 5000, methodId: "7d0c6f3e-8a7b-4c55-9a66-0a4a4c1f4a11", idempotencyKey: "key-12345678", password: "" })).toEqual({ password: "Enter your password to confirm the withdrawal." });
  });

  it("a schedule is one of R10.3's four with a threshold of whole cents", () => {
    expect(Object.keys(errorsOf(payoutScheduleSchema, { frequency: "DAILY", thresholdCents: 0.5 })).sort()).toEqual(["frequency", "thresholdCents"]);
    expect(payoutScheduleSchema.parse({ frequency: "QUARTERLY", thresholdCents: 0 })).toEqual({ frequency: "QUARTERLY", thresholdCents: 0 });
  });
});

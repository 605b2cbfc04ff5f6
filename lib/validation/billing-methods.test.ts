// R14.1 the billing-method schemas refuse bad input at the field it is in, in words that say the fix.
import { describe, expect, it } from "vitest";
import { addBillingMethodSchema, microdepositsSchema } from "./billing-methods";

const NOW = new Date("2024-06-12T15:05:00Z");
const fields = (body: unknown) => {
  const r = addBillingMethodSchema(NOW).safeParse(body);
  // the first message per field, as the forms and the API show it
  const out: Record<string, string> = {};
  for (const i of r.success ? [] : r.error.issues) out[i.path.join(".")] ??= i.message;
  return out;
};
const card = { kind: "CARD", cardNumber: "4242 4242 4242 4242", expiry: "06/24", cvc: "123" };
const bank = { kind: "BANK_ACCOUNT", accountHolder: "Ada Client", routingNumber: "110000000", accountNumber: "000123456789" };

describe("adding a billing method", () => {
  it("takes a card as typed: spaces dropped, valid through the last day of its expiry month", () => {
    expect(addBillingMethodSchema(NOW).parse(card)).toEqual({ kind: "CARD", cardNumber: "4242424242424242", expiry: { expMonth: 6, expYear: 2024 }, cvc: "123" });
    expect(addBillingMethodSchema(NOW).parse({ ...card, expiry: "12/2031", cvc: "1234" })).toMatchObject({ expiry: { expMonth: 12, expYear: 2031 } });
  });

  it.each([
    [{ ...card, cardNumber: "4242 4242 4242 4241" }, "cardNumber", "This is not a valid card number: check the digits."],
    [{ ...card, cardNumber: "4242" }, "cardNumber", "Enter the card number: 12 to 19 digits."],
    [{ ...card, expiry: "05/24" }, "expiry", "This card has expired: use a card with a later expiry date."],
    [{ ...card, expiry: "13/29" }, "expiry", "Enter the expiry date as MM/YY."],
    [{ ...card, cvc: "12" }, "cvc", "Enter the 3 or 4 digit security code (CVC) from the back of the card."],
    [{ ...bank, routingNumber: "110000001" }, "routingNumber", "This is not a valid routing number: check the 9 digits."],
    [{ ...bank, routingNumber: "11000000" }, "routingNumber", "Enter the 9-digit routing number."],
    [{ ...bank, accountNumber: "12" }, "accountNumber", "Enter the account number: 4 to 17 digits."],
    [{ ...bank, accountHolder: "" }, "accountHolder", "Enter the account holder's name as the bank knows it."],
  ])("refuses %j at %s", (body, field, message) => {
    expect(fields(body)).toEqual({ [field]: message });
  });

  it("names the kinds when the kind is missing", () => {
    expect(fields({ cardNumber: "4242424242424242" })).toEqual({ kind: "Choose a kind of billing method: Card or Bank account." });
  });
});

describe("micro-deposit amounts", () => {
  it("are two whole numbers of cents from 1 to 99", () => {
    expect(microdepositsSchema.parse({ amounts: [32, 45] })).toEqual({ amounts: [32, 45] });
    for (const amounts of [[0, 45], [32, 100], [32.5, 45], [32], [32, 45, 1], "32,45"]) {
      expect(microdepositsSchema.safeParse({ amounts }).success, JSON.stringify(amounts)).toBe(false);
    }
  });
});

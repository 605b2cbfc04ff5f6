import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cardBrand, cardExpiryEnd, compact, isAbaRoutingNumber, isIban, isSwiftBic, masked, passesLuhn } from "./account-numbers";

describe("account number checks", () => {
  it.each([
    ["021000021", true], // JPMorgan Chase
    ["011000015", true], // Federal Reserve Bank of Boston
    ["322271627", true], // a thrift (prefix 32)
    ["021000022", false], // checksum off by one
    ["131000021", false], // prefix 13 is never assigned
    ["02100002", false], // 8 digits
    ["02100002a", false],
  ])("ABA routing number %s -> %s", (text, ok) => expect(isAbaRoutingNumber(text)).toBe(ok));

  it.each([
    ["4242424242424242", true],
    ["4000000000000002", true], // the sandbox's failing test card
    ["5555555555554444", true],
    ["378282246310005", true],
    ["4242424242424241", false],
    ["", false],
    ["4242x", false],
  ])("Luhn %s -> %s", (digits, ok) => expect(passesLuhn(digits)).toBe(ok));

  it("Luhn catches every single-digit typo", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const good = "4242424242424242";
        const typo = good.slice(0, position) + String((Number(good[position]) + delta) % 10) + good.slice(position + 1);
        return !passesLuhn(typo);
      }),
    );
  });

  it.each([
    ["DE44500105175407324931", true],
    ["GB82WEST12345698765432", true],
    ["NL91ABNA0417164300", true],
    ["DE44500105175407324932", false],
    ["DE4450010517540732493", false],
    ["4450010517540732493100", false],
  ])("IBAN %s -> %s", (text, ok) => expect(isIban(text)).toBe(ok));

  it.each([
    ["DEUTDEFF", true],
    ["DEUTDEFF500", true],
    ["NWBKGB2L", true],
    ["DEUTDEF", false],
    ["DEUTDEFF50", false],
    ["1EUTDEFF", false],
  ])("SWIFT/BIC %s -> %s", (text, ok) => expect(isSwiftBic(text)).toBe(ok));

  it("names card brands, reads expiry months to their end, compacts and masks", () => {
    expect([cardBrand("4242"), cardBrand("5555"), cardBrand("2221"), cardBrand("3782"), cardBrand("6011"), cardBrand("9999")]).toEqual(["Visa", "Mastercard", "Mastercard", "American Express", "Discover", "Card"]);
    expect(cardExpiryEnd("06/24")).toEqual(new Date("2024-07-01T00:00:00Z"));
    expect(cardExpiryEnd("12/2027")).toEqual(new Date("2028-01-01T00:00:00Z"));
    expect([cardExpiryEnd("13/24"), cardExpiryEnd("0/24"), cardExpiryEnd("june")]).toEqual([null, null, null]);
    expect(compact(" de44 5001-0517 ")).toBe("DE4450010517");
    expect(masked("6789")).toBe("••••6789");
  });
});

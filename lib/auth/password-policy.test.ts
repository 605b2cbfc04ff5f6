import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "./common-passwords";
import { checkPasswordStrength } from "./password-policy";

describe("checkPasswordStrength (issue 16)", () => {
  it.each([
    ["short", "elevenchars", "Use at least 12 characters."],
    ["emoji count as one character each", "ab\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}cdef", "Use at least 12 characters."],
    ["too long", "a b".repeat(400), "Use at most 1,024 characters."],
    ["common", "1qaz2wsx3edc", "That password is one of the most common ones. Choose something harder to guess."],
    ["common, any case", "Q1W2E3R4T5Y6", "That password is one of the most common ones. Choose something harder to guess."],
    ["one character repeated", "aaaaaaaaaaaaaaa", "That password is a short pattern repeated. Choose something harder to guess."],
    ["a pair repeated", "12121212121212", "That password is a short pattern repeated. Choose something harder to guess."],
  ])("refuses %s", (_name, password, message) => {
    expect(checkPasswordStrength(password)).toBe(message);
  });

  it("refuses the account's email, its local part and its name", () => {
    expect(checkPasswordStrength("Maria.Lopez@example.com", { email: "maria.lopez@example.com" })).toBe("Do not use your email address as your password.");
    expect(checkPasswordStrength("maria.lopez.works", { email: "maria.lopez.works@example.com" })).toBe("Do not use your email address as your password.");
    expect(checkPasswordStrength("Maria Lopez Garcia", { email: "m@example.com", name: "maria lopez garcia" })).toBe("Do not use your name as your password.");
  });

  it("accepts a long uncommon passphrase", () => {
    expect(checkPasswordStrength("correct horse battery staple", { email: "maria@example.com", name: "Maria" })).toBeNull();
    expect(checkPasswordStrength("tangerine-umbrella-42")).toBeNull();
  });

  it("ships about ten thousand common passwords, lower-cased and unique", () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(10_000);
    expect(new Set(COMMON_PASSWORDS).size).toBe(COMMON_PASSWORDS.length);
    expect(COMMON_PASSWORDS.every((p) => p === p.toLowerCase())).toBe(true);
    expect(COMMON_PASSWORDS.slice(0, 3)).toEqual(["123456", "password", "12345678"]);
  });
});

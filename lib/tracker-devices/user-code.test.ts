import { describe, expect, it } from "vitest";
import { formatUserCode, newUserCode, normalizeUserCode, USER_CODE_ALPHABET } from "./user-code";

describe("device user codes", () => {
  it("are 8 letters of the alphabet, shown with a dash in the middle", () => {
    for (let i = 0; i < 50; i++) {
      const code = newUserCode();
      expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
      expect(formatUserCode(code)).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    }
    expect(newUserCode(() => 0)).toBe("BBBBBBBB");
    expect(newUserCode(() => USER_CODE_ALPHABET.length - 1)).toBe("ZZZZZZZZ");
  });

  it.each([
    ["BCDF-GHJK", "BCDFGHJK"],
    ["bcdf-ghjk", "BCDFGHJK"],
    ["bcdfghjk", "BCDFGHJK"],
    [" BCDF GHJK ", "BCDFGHJK"],
    ["BCDF-GHJA", null], // a vowel is never in a code
    ["BCDF-GHJ", null],
    ["BCDF-GHJKL", null],
    ["", null],
  ])("reads %j as %j", (typed, expected) => {
    expect(normalizeUserCode(typed)).toBe(expected);
  });
});

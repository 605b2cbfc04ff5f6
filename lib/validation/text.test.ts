import { describe, expect, it } from "vitest";
import { BROKEN_CHARACTER_MESSAGE, NUL_MESSAGE, text } from "./text";

describe("text(): what PostgreSQL's text columns can hold", () => {
  it.each([
    ["plain", "Logo sketches"],
    ["an emoji (a whole surrogate pair)", "Done 😀"],
    ["accents and scripts", "Café, Ελληνικά, 日本語"],
  ])("accepts %s", (_, value) => {
    expect(text().safeParse(value)).toEqual({ success: true, data: value });
  });

  it.each([
    ["a NUL", "a\u0000b", NUL_MESSAGE],
    ["a lone high surrogate", "HG-\ud800", BROKEN_CHARACTER_MESSAGE],
    ["a lone low surrogate", "\udfffx", BROKEN_CHARACTER_MESSAGE],
    ["a reversed pair", "\udfff\ud800", BROKEN_CHARACTER_MESSAGE],
  ])("refuses %s, saying what to remove", (_, value, message) => {
    const result = text().safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain(message);
  });
});

import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

const ORIGIN = "http://127.0.0.1:3000";

describe("safeCallbackPath", () => {
  it.each([
    ["/diary?contract=c1#day", "/diary?contract=c1#day"],
    ["/reports/transactions", "/reports/transactions"],
    ["diary", "/diary"],
    [`${ORIGIN}/settings`, "/settings"],
    // leave the site: backslash, tab, newline, protocol-relative, other schemes and origins
    ["/\\evil.example/", "/"],
    ["\\\\evil.example", "/"],
    ["/\t/evil.example/", "/"],
    ["/\n/evil.example/", "/"],
    ["//evil.example/", "/"],
    ["https://evil.example/", "/"],
    ["http://127.0.0.1:3001/", "/"],
    ["javascript:alert(1)", "/"],
    ["data:text/html,hi", "/"],
    ["", "/"],
    [undefined, "/"],
  ])("%j -> %j", (raw, expected) => {
    expect(safeCallbackPath(raw, ORIGIN)).toBe(expected);
  });

  it("refuses a same-origin path that would read as another host on its own", () => {
    expect(safeCallbackPath("/a/../..//evil.example", ORIGIN)).toBe("/");
    expect(safeCallbackPath(`${ORIGIN}//evil.example/`, ORIGIN)).toBe("/");
  });
});

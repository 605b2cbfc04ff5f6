import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical";

// The documented test vectors (docs/proof-of-work.md): input value -> exact canonical text.
describe("canonicalJson (RFC 8785 for our value set)", () => {
  it.each([
    ["null", null, "null"],
    ["booleans", [true, false], "[true,false]"],
    ["safe integers, -0 as 0", [0, -0, 1, -1, 9007199254740991, -9007199254740991], "[0,0,1,-1,9007199254740991,-9007199254740991]"],
    ["no whitespace, nested", { a: [1, { c: null, b: [] }], d: {} }, '{"a":[1,{"b":[],"c":null}],"d":{}}'],
    ["JSON.stringify string escaping", { s: '\u0000\b\t\n\f\r"\\/\u001f\u007f\u2028é' }, '{"s":"\\u0000\\b\\t\\n\\f\\r\\"\\\\/\\u001f\u007f\u2028é"}'],
    // RFC 8785 section 3.2.3's sorting example: UTF-16 code units, not code points
    ["keys sorted by UTF-16 code units", { "\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\ud83d\ude00": 5, "\u0080": 6, "\u00f6": 7 }, '{"\\r":2,"1":4,"\u0080":6,"\u00f6":7,"\u20ac":1,"\ud83d\ude00":5,"\ufb33":3}'],
    ["empty key first", { b: 1, "": 0, a: 2 }, '{"":0,"a":2,"b":1}'],
  ])("%s", (_name, value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it.each([
    ["a fraction", 1.5],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["an unsafe integer", 9007199254740992],
    ["undefined", undefined],
    ["undefined inside an object", { a: undefined }],
    ["a Date", new Date(0)],
    ["a bigint", 1n],
    ["a lone high surrogate", "\ud800"],
    ["a lone low surrogate in a key", { "\udc00": 1 }],
  ])("refuses %s", (_name, value) => {
    expect(() => canonicalJson(value)).toThrow();
  });

  it("is independent of key insertion order", () => {
    expect(canonicalJson({ b: 1, a: { y: 2, x: 3 } })).toBe(canonicalJson({ a: { x: 3, y: 2 }, b: 1 }));
  });
});

describe("canonicalJson properties", () => {
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      fc.constant(null),
      fc.boolean(),
      fc.maxSafeInteger(),
      fc.string({ unit: "grapheme" }),
      fc.array(tie("node"), { maxLength: 4 }),
      fc.dictionary(fc.string({ unit: "grapheme" }), tie("node"), { maxKeys: 4 }),
    ),
  })).node;

  it("is valid JSON that parses back to the same value", () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(v);
      }),
    );
  });

  it("is a fixed point: canonicalising the parsed text gives the same text", () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(JSON.parse(canonicalJson(v)))).toBe(canonicalJson(v));
      }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { base64url, fromBase64url, hex, sha256Hex, utf8 } from "./encoding";

describe("base64url", () => {
  // RFC 4648 section 10 vectors, unpadded, in the URL-safe alphabet
  it.each([
    ["", ""],
    ["f", "Zg"],
    ["fo", "Zm8"],
    ["foo", "Zm9v"],
    ["foob", "Zm9vYg"],
    ["fooba", "Zm9vYmE"],
    ["foobar", "Zm9vYmFy"],
  ])("%j <-> %s", (text, encoded) => {
    expect(base64url(utf8(text))).toBe(encoded);
    expect(new TextDecoder().decode(fromBase64url(encoded))).toBe(text);
  });

  it("uses - and _ and round-trips every byte", () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64url(Uint8Array.of(0xfb, 0xff))).toBe("-_8");
    expect(fromBase64url(base64url(bytes))).toEqual(bytes);
  });

  it.each([
    ["padding", "Zg=="],
    ["the standard alphabet", "+/8"],
    ["whitespace", "Zm9v Yg"],
    ["an impossible length", "Zm9vY"],
    ["non-zero trailing bits", "Zh"],
  ])("refuses %s", (_name, text) => {
    expect(() => fromBase64url(text)).toThrow();
  });
});

describe("hex, utf8 and sha256Hex", () => {
  it("writes lowercase hex", () => {
    expect(hex(Uint8Array.of(0, 15, 16, 255))).toBe("000f10ff");
  });

  it("encodes UTF-8", () => {
    expect(hex(utf8("é€😀"))).toBe("c3a9e282acf09f9880");
  });

  it("hashes with SHA-256 (FIPS 180-2 vectors)", async () => {
    expect(await sha256Hex(new Uint8Array())).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(await sha256Hex(utf8("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

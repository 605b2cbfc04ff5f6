// R16.3 TOTP at fixed instants: the RFC 6238 test vector, one step of drift either way, and a used step refused.
import { describe, expect, it } from "vitest";
import { matchTotpStep, totpCode, totpUri } from "./totp";

// RFC 6238 appendix B: the ASCII secret "12345678901234567890" (base32 below), SHA-1; 8-digit 94287082 at T=59 s is 287082 in 6 digits
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const AT = Date.UTC(2033, 4, 18, 3, 33, 20); // 2000000000 s: RFC vector 69279037 -> 279037
const step = Math.floor(AT / 30_000);

describe("TOTP", () => {
  it("matches the RFC 6238 vectors", () => {
    expect(totpCode(RFC_SECRET, 59_000)).toBe("287082");
    expect(totpCode(RFC_SECRET, AT)).toBe("279037");
  });

  it("accepts the code of this step and of one step either side, not two", () => {
    const code = totpCode(RFC_SECRET, AT);
    expect(matchTotpStep(RFC_SECRET, code, AT)).toBe(step);
    expect(matchTotpStep(RFC_SECRET, code, AT + 30_000)).toBe(step);
    expect(matchTotpStep(RFC_SECRET, code, AT - 30_000)).toBe(step);
    expect(matchTotpStep(RFC_SECRET, code, AT + 60_000)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, "12345", AT)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, "abcdef", AT)).toBeNull();
  });

  it("refuses a step at or before the last one used (a replay), accepts a later one", () => {
    expect(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, AT), AT, step)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, AT - 30_000), AT, step)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, AT + 30_000), AT, step)).toBe(step + 1);
  });

  it("names the account and issuer for the authenticator app", () => {
    expect(totpUri(RFC_SECRET, "ada@example.com", "Hourglass")).toBe(`otpauth://totp/Hourglass:ada%40example.com?secret=${RFC_SECRET}&issuer=Hourglass`);
  });
});

import { describe, expect, it } from "vitest";
import { createGrant, readGrant } from "./grant";

const secret = "a".repeat(40);

describe("sign-in grants", () => {
  it("carries the user id until it expires", () => {
    const grant = createGrant("user-1", 1_000, secret);
    expect(readGrant(grant, 999, secret)).toBe("user-1");
    expect(readGrant(grant, 1_000, secret)).toBeNull();
  });

  it("rejects forged, tampered and malformed grants", () => {
    const grant = createGrant("user-1", 1_000, secret);
    expect(readGrant(grant, 0, "b".repeat(40))).toBeNull();
    expect(readGrant(grant.replace("user-1", "user-2"), 0, secret)).toBeNull();
    // extending the expiry breaks the signature
    expect(readGrant(grant.replace("user-1.1000.", "user-1.9999."), 2_000, secret)).toBeNull();
    expect(readGrant("user-1.1000", 0, secret)).toBeNull();
    expect(readGrant("", 0, secret)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { readUnsubscribeToken, unsubscribeToken } from "./unsubscribe-token";

const env = { AUTH_SECRET: "k3Jx9Qw2Lr8Tz5Vb7Nm1Pd4Hs6Gf0Ya2Ue-one" };
const user = "5b0c7a52-63b4-4c1e-9a57-0e6f0c0a1b2c";

describe("unsubscribe tokens", () => {
  it("name the user and kind they were made for", () => {
    expect(readUnsubscribeToken(unsubscribeToken(user, "offer_received", env), env)).toEqual({ userId: user, kind: "offer_received" });
  });

  it("refuse another kind, another user, another secret, and junk", () => {
    const token = unsubscribeToken(user, "offer_received", env);
    const sig = token.split(".")[2]!;
    expect(readUnsubscribeToken(`${user}.invoice_issued.${sig}`, env)).toBeNull();
    expect(readUnsubscribeToken(`5b0c7a52-63b4-4c1e-9a57-0e6f0c0a1b2d.offer_received.${sig}`, env)).toBeNull();
    expect(readUnsubscribeToken(token, { AUTH_SECRET: "another-secret-of-enough-length-000000" })).toBeNull();
    for (const junk of ["", "x", `${user}.offer_received`, `${token}.x`, `${user}.Offer.${sig}`, `not-a-uuid.offer_received.${sig}`, `${user}.offer_received.${sig.slice(0, -2)}`]) {
      expect(readUnsubscribeToken(junk, env)).toBeNull();
    }
  });
});

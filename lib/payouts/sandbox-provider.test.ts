import { describe, expect, it } from "vitest";
import { SandboxPayoutProvider } from "./sandbox-provider";

const request = (last4: string) => ({ withdrawalId: "w1", referenceId: "HG-WDR", userId: "u", methodKind: "ACH", netCents: 100, destination: { last4 } });
const t0 = new Date("2024-06-12T10:00:00Z");

describe("sandbox payout provider", () => {
  it("settles after its delay, with the same reference when submitted again", async () => {
    const p = new SandboxPayoutProvider({ settleAfterMs: 60_000 });
    const { providerRef } = await p.submit(request("6789"), t0);
    expect((await p.submit(request("6789"), t0)).providerRef).toBe(providerRef);
    expect(await p.check(providerRef, new Date(t0.getTime() + 59_999))).toEqual({ state: "processing" });
    expect(await p.check(providerRef, new Date(t0.getTime() + 60_000))).toEqual({ state: "paid", settledAt: new Date(t0.getTime() + 60_000) });
  });

  it("fails the payouts it is told to: test account 0002 by default, or any rule given", async () => {
    const p = new SandboxPayoutProvider({ settleAfterMs: 0 });
    const { providerRef } = await p.submit(request("0002"), t0);
    expect(await p.check(providerRef, t0)).toMatchObject({ state: "failed", reason: expect.any(String) });
    const picky = new SandboxPayoutProvider({ settleAfterMs: 0, failWhen: (r) => r.netCents > 50 });
    expect(await picky.check((await picky.submit(request("6789"), t0)).providerRef, t0)).toMatchObject({ state: "failed" });
  });

  it("vaults an account like a real provider: a random token that does not carry the number", async () => {
    const p = new SandboxPayoutProvider();
    const card = { kind: "INSTANT_CARD" as const, label: "", accountHolder: "F F", cardNumber: "4242424242424242", expiry: "12/27" };
    const a = await p.tokenize(card);
    const b = await p.tokenize(card);
    expect(a.token).toMatch(/^sbxtok_[\w-]{22}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.token).not.toContain("4242");
  });
});

import "server-only";
// R10 payouts leave the platform through the configured provider (PAYOUT_PROVIDER);
// what a provider offers is in ./provider-types.
import type { PayoutProvider } from "./provider-types";
import { SandboxPayoutProvider } from "./sandbox-provider";

let configured: PayoutProvider | null = null;

/** The provider new payouts go to (PAYOUT_PROVIDER; only the built-in sandbox exists so far). */
export function payoutProvider(): PayoutProvider {
  if (!configured) {
    const name = process.env.PAYOUT_PROVIDER ?? "sandbox";
    if (name !== "sandbox") throw new Error(`Unknown PAYOUT_PROVIDER "${name}"`);
    configured = new SandboxPayoutProvider();
  }
  return configured;
}

/** The provider a withdrawal was submitted to. */
export function providerNamed(name: string): PayoutProvider {
  const p = payoutProvider();
  if (p.name !== name) throw new Error(`Payout provider "${name}" is not configured`);
  return p;
}

export function setPayoutProviderForTests(provider: PayoutProvider | null): void {
  configured = provider;
}

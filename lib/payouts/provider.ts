import "server-only";
// R10 payouts leave the platform through a provider. The interface is what any
// real one (a bank API, a card network) must offer: submit a payout once per
// withdrawal (idempotent on the withdrawal id) and report where it stands.
import type { AddPayoutMethodInput } from "@/lib/validation/payouts";
import { SandboxPayoutProvider } from "./sandbox-provider";

/** A method's full account details, as validated; handed to the provider's vault once, never stored by us. */
export type PayoutAccount = AddPayoutMethodInput;

export interface PayoutRequest {
  withdrawalId: string;
  referenceId: string;
  userId: string;
  methodKind: string;
  /** what reaches the freelancer (R10.2: the fee is already taken out) */
  netCents: number;
  /** the method's provider-side details (a token, never a full account number) */
  destination: Record<string, unknown>;
}

export type PayoutStatus =
  | { state: "processing" }
  | { state: "paid"; settledAt: Date }
  | { state: "failed"; settledAt: Date; reason: string };

export interface PayoutProvider {
  readonly name: string;
  /** Vaults the account's full details at the provider; only the token it answers is kept (R10.1 method details). */
  tokenize(account: PayoutAccount): Promise<{ token: string }>;
  /** Idempotent: the same withdrawal submitted twice is one payout with one reference. */
  submit(request: PayoutRequest, now: Date): Promise<{ providerRef: string }>;
  check(providerRef: string, now: Date): Promise<PayoutStatus>;
}

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

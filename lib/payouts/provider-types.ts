// R10 what any payout provider (the sandbox, a bank API, a card network) must offer: submit a
// payout once per withdrawal (idempotent on the withdrawal id) and report where it stands.
import type { AddPayoutMethodInput } from "@/lib/validation/payouts";

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

// R14 what any payment provider (the sandbox, a card network's or a bank's API) must offer the
// portal: vault a card or a bank account and verify it (R14.1), and charge a vaulted method once per
// idempotency key (R14.2), with a way to learn what happened to a charge whose answer was lost.

export type ProviderDecline = {
  status: "declined";
  code: "card_declined" | "insufficient_funds" | "account_closed" | "no_method";
  message: string;
};

export type ProviderChargeResult = { status: "succeeded"; providerChargeId: string } | ProviderDecline;

/** A card as the client typed it; handed to the provider once, never stored by us. */
export interface CardDetails {
  number: string;
  expMonth: number;
  /** four digits */
  expYear: number;
  cvc: string;
}

/** A US bank account as the client typed it; handed to the provider once, never stored by us. */
export interface BankAccountDetails {
  routingNumber: string;
  accountNumber: string;
  accountHolder: string;
}

/** What the provider tells us about a new source: only what we may keep. */
export interface VaultedSource {
  token: string;
  last4: string;
  /** a card's brand or a bank account's bank name */
  brand: string;
}

export type AddCardResult =
  | (VaultedSource & { status: "verified" | "challenge_required"; expMonth: number; expYear: number })
  | { status: "declined"; message: string };

export interface PaymentProvider {
  readonly name: string;
  /** R14.2: charges the token; the provider remembers the idempotency key for 30 days and answers a repeat with the first result (never a second charge) */
  charge(input: { token: string; amountCents: number; currency: "usd"; idempotencyKey: string; description: string }): Promise<ProviderChargeResult>;
  /** reconciliation after a lost answer: the charge made under this key, or null if the provider never made one */
  findCharge(idempotencyKey: string): Promise<ProviderChargeResult | null>;
  /** R14.1 vaults a card and checks it with the issuer; some issuers ask for a step-up challenge first. */
  addCard(card: CardDetails): Promise<AddCardResult>;
  /** The step-up challenge's answer, as the issuer's page reports it: the card is verified, or failed. */
  completeChallenge(token: string, outcome: "complete" | "fail"): Promise<"verified" | "failed">;
  /** R14.1 vaults a bank account and sends it two micro-deposits (1-99 cents each). */
  addBankAccount(account: BankAccountDetails): Promise<VaultedSource>;
  /** Whether these are the two micro-deposits sent to the account, in either order. */
  checkMicrodeposits(token: string, amounts: [number, number]): Promise<boolean>;
  /** The client removed the method: the provider forgets it, and later charges on it are declined. */
  detach(token: string): Promise<void>;
}

/** the answer was lost or the provider is down: the outcome is UNKNOWN, reconcile with findCharge */
export class ProviderUnavailableError extends Error {
  constructor(message = "The payment provider did not answer.") {
    super(message);
    this.name = "ProviderUnavailableError";
  }
}

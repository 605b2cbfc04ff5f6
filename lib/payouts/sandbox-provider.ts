// The built-in sandbox payout provider: settles each payout a fixed delay after
// it was submitted, and fails the ones it is told to (by default, payouts to an
// account whose number ends in 0002, like card networks' test numbers). It keeps
// no state: the outcome and settle instant are in the reference it hands out,
// so the web process that submits and the worker that checks need not share
// memory, and a resubmission gets the same reference.
import { randomBytes } from "node:crypto";
import type { PayoutAccount, PayoutProvider, PayoutRequest, PayoutStatus } from "./provider-types";

export const SANDBOX_FAIL_LAST4 = "0002";
const DEFAULT_SETTLE_AFTER_MS = 2 * 60_000;

export interface SandboxOptions {
  settleAfterMs?: number;
  /** which payouts fail; default: destination last4 === "0002" */
  failWhen?: (request: PayoutRequest) => boolean;
}

export class SandboxPayoutProvider implements PayoutProvider {
  readonly name = "sandbox";
  private readonly settleAfterMs: number;
  private readonly failWhen: (request: PayoutRequest) => boolean;

  constructor(opts: SandboxOptions = {}) {
    this.settleAfterMs = opts.settleAfterMs ?? DEFAULT_SETTLE_AFTER_MS;
    this.failWhen = opts.failWhen ?? ((r) => r.destination.last4 === SANDBOX_FAIL_LAST4);
  }

  /** Like a real vault: a random token, unrelated to the number, so the token cannot be reversed into it. */
  async tokenize(account: PayoutAccount): Promise<{ token: string }> {
    void account;
    return { token: `sbxtok_${randomBytes(16).toString("base64url")}` };
  }

  async submit(request: PayoutRequest, now: Date): Promise<{ providerRef: string }> {
    const outcome = this.failWhen(request) ? "fail" : "ok";
    return { providerRef: `sbx_${outcome}_${now.getTime() + this.settleAfterMs}_${request.withdrawalId}` };
  }

  async check(providerRef: string, now: Date): Promise<PayoutStatus> {
    const m = /^sbx_(ok|fail)_(\d+)_/.exec(providerRef);
    if (!m) throw new Error(`not a sandbox payout reference: ${providerRef}`);
    const settledAt = new Date(Number(m[2]));
    if (now < settledAt) return { state: "processing" };
    return m[1] === "ok" ? { state: "paid", settledAt } : { state: "failed", settledAt, reason: "The sandbox bank rejected the payout (test account)." };
  }
}

// R8 bonuses.
import { RULES } from "../config/rules";
import { formatCents } from "../format/money";
import { BillingError } from "./errors";
import { type FeeBreakdown, type FeeRates, feeBreakdown } from "./money";
import { DAY_MS, bonusAvailableAt } from "./time";
import type { ContractSpan } from "./weekly-payment";
import { assertOrdered, assertPositiveCents, msOf } from "./validate";

/**
 * R8 a bonus may be paid while the contract is active or up to 365 days after it ended.
 * Choice: "365 days" is 365 x 24 h from the end instant, and that last instant is still allowed.
 * Choice: not before the contract has started (there is nothing to reward yet).
 */
export function canPayBonus(contract: ContractSpan, now: Date): boolean {
  const start = msOf(contract.startedAt, "startedAt");
  const t = msOf(now, "now");
  if (t < start) return false;
  if (contract.endedAt === null) return true;
  const end = msOf(contract.endedAt, "endedAt");
  assertOrdered(start, end, "endedAt");
  return t <= end + RULES.bonuses.maxDaysAfterEnd * DAY_MS;
}

/**
 * R8, our choice (written into docs/rules.md): until client billing (R14) charges a bonus when it is paid, one bonus is at
 * most `maxCents` (default $10,000.00 in lib/config/rules.ts, BONUS_MAX_CENTS overrides it): a typo
 * or a stolen client session cannot move an unbounded amount that becomes withdrawable 5 days later.
 */
export function assertBonusWithinLimit(amountCents: number, maxCents: number): void {
  assertPositiveCents(maxCents, "maxCents");
  if (amountCents > maxCents) throw new BillingError("AMOUNT_ABOVE_LIMIT", "amountCents", `The bonus amount is above the limit of ${formatCents(maxCents)} per bonus.`);
}

export type BonusPayment = FeeBreakdown & {
  paidAt: Date;
  /** R8 5 days after it is paid; bonuses skip review */
  availableAt: Date;
  /** R5 bonuses are never protected */
  protected: false;
};

/**
 * R8 the figures of a bonus paid at `paidAt`: service fee applies, available 5 days later.
 * Choice: a bonus is at least 1 cent; 0 is rejected with AMOUNT_NOT_POSITIVE.
 */
export function bonusPayment(amountCents: number, paidAt: Date, rates: FeeRates = RULES.fees): BonusPayment {
  assertPositiveCents(amountCents, "amountCents");
  return { ...feeBreakdown(amountCents, rates), paidAt: new Date(msOf(paidAt, "paidAt")), availableAt: bonusAvailableAt(paidAt), protected: false };
}

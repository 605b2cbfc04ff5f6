// R5 Hourly Protection.
import { assertActivityLevel } from "./activity";

export type ProtectionInput = {
  /** R3.3 manual time is never protected */
  manual: boolean;
  hasScreenshot: boolean;
  /** R2.2 0..10; null when there is none (manual time) */
  activityLevel: number | null;
  memo: string | null;
  /** R4.2 the segment was billed, not over limit */
  withinLimit: boolean;
  clientHasVerifiedPaymentMethod: boolean;
};

/** One code per condition of R5, in the order docs/rules.md lists them. */
export type ProtectionFailure =
  | "MANUAL_TIME"
  | "NO_SCREENSHOT"
  | "NO_ACTIVITY"
  | "EMPTY_MEMO"
  | "OVER_LIMIT"
  | "NO_VERIFIED_PAYMENT_METHOD";

export type ProtectionVerdict = { protected: boolean; failures: ProtectionFailure[] };

/**
 * R5 a billed segment is protected when every condition holds; the verdict lists every condition
 * that fails, not just the first, so the diary and an admin review can show them all.
 * Choice: a memo of only whitespace counts as empty.
 * Choice: manual time fails MANUAL_TIME and also NO_SCREENSHOT / NO_ACTIVITY, since it has neither.
 */
export function hourlyProtection(input: ProtectionInput): ProtectionVerdict {
  if (input.activityLevel !== null) assertActivityLevel(input.activityLevel);
  const failures: ProtectionFailure[] = [];
  if (input.manual) failures.push("MANUAL_TIME");
  if (input.manual || !input.hasScreenshot) failures.push("NO_SCREENSHOT");
  if (input.manual || input.activityLevel === null || input.activityLevel < 1) failures.push("NO_ACTIVITY");
  if (input.memo === null || input.memo.trim() === "") failures.push("EMPTY_MEMO");
  if (!input.withinLimit) failures.push("OVER_LIMIT");
  if (!input.clientHasVerifiedPaymentMethod) failures.push("NO_VERIFIED_PAYMENT_METHOD");
  return { protected: failures.length === 0, failures };
}

export type PaymentKind = "hourly" | "bonus" | "weekly_payment";

/** R5 only hourly segments can be protected; bonuses and weekly payments never are. */
export function canBeProtected(kind: PaymentKind): boolean {
  return kind === "hourly";
}

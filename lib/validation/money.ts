// zod schemas of the money routes (ledger, bonuses, disputes): money is integer cents, ids are UUIDs, and
// every message names what to fix.
import { z } from "zod";
import { text } from "./text";
import { HISTORY_TYPE_LABELS } from "./reports";

const MAX_CENTS = 100_000_000; // $1,000,000 in one request
/** Integer cents from 0 or 1 up to $1,000,000, the message naming `what`. */
export const cents = (what: string, min: number) =>
  z
    .number({ error: `${what} must be a number of cents.` })
    .int(`${what} must be whole cents.`)
    .min(min, min === 0 ? `${what} cannot be negative.` : `${what} must be at least ${min} cent.`)
    .max(MAX_CENTS, `${what} is too large.`);

/** An idempotency key: any client-chosen string, e.g. a UUID per user action. */
export const idempotencyKey = text("Send an idempotency key (the Idempotency-Key header), the same for every retry of this request.")
  .trim()
  .min(8, "Use an idempotency key of at least 8 characters, such as a UUID.")
  .max(200, "Use an idempotency key of at most 200 characters.");

export const uuidParam = z.uuid();

// Withdrawals, payout methods and the payout schedule: lib/validation/payouts.ts.

export const payBonusSchema = z.object({
  contractId: z.uuid("Choose one of your contracts."),
  amountCents: cents("The bonus", 1),
  memo: text("Say what the bonus is for.").trim().min(1, "Say what the bonus is for.").max(500, "Use at most 500 characters."),
  idempotencyKey,
});

export const listBonusesQuery = z.object({ contractId: z.uuid("Unknown contract.").optional() });

const weekStart = z.iso
  .date("Enter the week as the date of its Monday, YYYY-MM-DD.")
  .transform((d) => new Date(`${d}T00:00:00Z`))
  .refine((d) => d.getUTCDay() === 1, "A week starts on a Monday."); // R1.1

export const fileDisputeSchema = z.object({
  contractId: z.uuid("Choose one of your contracts."),
  weekStart,
  segmentIds: z.array(z.uuid("Unknown segment."), { error: "List the segments you dispute." }).min(1, "Dispute at least one segment.").max(1008, "A week has at most 1,008 segments."),
  reason: text("Explain the dispute.").trim().min(10, "Explain the dispute in at least 10 characters.").max(2000, "Use at most 2,000 characters."),
});

export const respondDisputeSchema = z.object({
  answer: z.enum(["accept", "decline"], { error: "Answer accept or decline." }),
});

export const TRANSACTION_TYPES = ["HOURLY", "BONUS", "WEEKLY_PAYMENT", "SERVICE_FEE", "CLIENT_FEE", "REFUND", "WITHDRAWAL", "WITHDRAWAL_FEE", "ADJUSTMENT", "MATURITY", "HOLD", "RELEASE", "SETTLEMENT", "REVERSAL", "CHARGE", "WRITE_OFF", "PROTECTION"] as const;

/** The ledger's own movements beside the history's types (R11), as a person reads them. */
const TRANSACTION_TYPE_LABELS: Record<(typeof TRANSACTION_TYPES)[number], string> = {
  ...HISTORY_TYPE_LABELS,
  MATURITY: "Maturity",
  HOLD: "Hold",
  RELEASE: "Release",
  SETTLEMENT: "Payout settled",
  // a REVERSAL undoes a failed payout or a written-off charge's held earnings: transactionTypeLabel names which
  REVERSAL: "Reversal",
  // R14.5 client billing
  CHARGE: "Charge",
  WRITE_OFF: "Write-off",
  PROTECTION: "Hourly Protection",
};

/**
 * A transfer's type as a person reads it, where one type serves two purposes. A REVERSAL returns a failed payout to
 * available (reference <withdrawal>-R / -RF, lib/payouts/process-payouts.ts) or, R14.4, undoes the unprotected
 * earnings held for a charge written off unpaid (<invoice>-CX / -CXW, lib/client-billing/charge-money.ts).
 * Choice: told apart by the reference suffix each booking gives it, so no caller needs the transfer's key.
 */
export function transactionTypeLabel(type: (typeof TRANSACTION_TYPES)[number], referenceId: string): string {
  if (type !== "REVERSAL") return TRANSACTION_TYPE_LABELS[type];
  if (/-CXW?$/.test(referenceId)) return "Reversed at write-off";
  if (/-RF?$/.test(referenceId)) return "Payout returned";
  return TRANSACTION_TYPE_LABELS.REVERSAL;
}

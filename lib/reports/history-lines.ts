// R12 Transaction History lines from the viewer's ledger entries. Pure: the service reads, this decides what a person sees.
// Choice: an earning shows as two lines, the gross and its fee as a negative line; they add up to the entry.
// Choice: the running balance is of the accounts the view shows: freelancer, earned and not yet withdrawn;
// client, total charged net of refunds (positive).
import { formatMinutes } from "@/lib/format/money";
import type { TransferType } from "@/lib/generated/prisma/enums";
import type { HistoryType } from "@/lib/validation/reports";

export type Viewer = "FREELANCER" | "CLIENT";
export type HistoryStatus = "in_review" | "pending" | "available" | "paid" | "failed";

export const STATUS_LABELS: Record<HistoryStatus, string> = {
  in_review: "In review",
  pending: "Pending",
  available: "Available",
  paid: "Paid",
  failed: "Failed",
};

/** Transfer types that change the viewer's balance; the rest (maturity steps, holds, releases, settlements) only move money between its states. */
export const VISIBLE_TRANSFER_TYPES: readonly TransferType[] = ["HOURLY", "WEEKLY_PAYMENT", "BONUS", "REFUND", "WITHDRAWAL", "WITHDRAWAL_FEE", "ADJUSTMENT", "REVERSAL"];
const EARNINGS: readonly TransferType[] = ["HOURLY", "WEEKLY_PAYMENT", "BONUS"];

/** The transfer types whose entries can give lines of this type (all visible ones without a filter). */
export function transferTypesFor(type: HistoryType | undefined, viewer: Viewer): TransferType[] {
  switch (type) {
    case undefined:
      return [...VISIBLE_TRANSFER_TYPES];
    case "SERVICE_FEE":
      return viewer === "FREELANCER" ? [...EARNINGS] : [];
    case "CLIENT_FEE":
      return viewer === "CLIENT" ? [...EARNINGS] : [];
    // Choice: a failed payout returned to available (REVERSAL) is shown as an adjustment, the only R12 type that fits.
    case "ADJUSTMENT":
      return ["ADJUSTMENT", "REVERSAL"];
    default:
      return [type];
  }
}

export type FreelancerHistoryAccount = "in_review" | "pending" | "available" | "held";
const ALL_STATES: readonly FreelancerHistoryAccount[] = ["in_review", "pending", "available", "held"];

/**
 * Which freelancer accounts can hold lines of this type (hourly in review R6.3, weekly payments and bonuses in
 * pending R8/R9.3, refunds from held R7.3, withdrawals in available R10), so a filtered view reads only those.
 * app/api/ledger/reports.int.test.ts checks every booked entry against this.
 */
export function accountsFor(type: HistoryType | undefined): readonly FreelancerHistoryAccount[] {
  switch (type) {
    case "HOURLY":
      return ["in_review"];
    case "WEEKLY_PAYMENT":
    case "BONUS":
      return ["pending"];
    case "SERVICE_FEE":
      return ["in_review", "pending"];
    case "REFUND":
      return ["held"];
    case "WITHDRAWAL":
    case "WITHDRAWAL_FEE":
      return ["available"];
    default:
      return ALL_STATES;
  }
}

export interface HistoryEntry {
  entryId: bigint;
  createdAt: Date;
  /** signed cents on the viewer's account */
  amount: bigint;
  /** in_review, pending, available, held or charges */
  account: string;
  transferType: TransferType;
  referenceId: string;
  description: string;
  contractId: string | null;
  contractTitle: string | null;
  /** the viewer's balance (signed) after this entry */
  balanceAfter: bigint;
  invoice: { weekStart: Date; billedMinutes: number; serviceFee: number; hourlyServiceFee: number; clientFee: number; hourlyClientFee: number } | null;
  bonus: { memo: string; serviceFee: number; clientFee: number } | null;
  /** the earning's next maturity step, while it has one */
  maturity: { stage: "PENDING" | "AVAILABLE"; pendingAt: Date | null; availableAt: Date } | null;
  withdrawalStatus: "PROCESSING" | "PAID" | "FAILED" | null;
}

export interface HistoryLine {
  /** unique per line: the entry id, with ":fee" for a fee line */
  id: string;
  entryId: string;
  referenceId: string;
  type: HistoryType;
  description: string;
  createdAt: string;
  contractId: string | null;
  contractTitle: string | null;
  /** which of the viewer's accounts the entry moved */
  account: string;
  /** signed integer cents, as a string */
  amountCents: string;
  /** freelancer: balance after the line; client: total charged after the line (see the header) */
  runningBalanceCents: string;
  status: HistoryStatus;
}

/** The fee that the entry's earning carried on the viewer's side (0 for other entries). */
export function feeOf(e: HistoryEntry, viewer: Viewer): number {
  if (!EARNINGS.includes(e.transferType)) return 0;
  if (e.transferType === "BONUS") return e.bonus ? (viewer === "FREELANCER" ? e.bonus.serviceFee : e.bonus.clientFee) : 0;
  if (!e.invoice) return 0;
  const hourly = viewer === "FREELANCER" ? e.invoice.hourlyServiceFee : e.invoice.hourlyClientFee;
  const all = viewer === "FREELANCER" ? e.invoice.serviceFee : e.invoice.clientFee;
  // the invoice's fees are the hourly line's plus the weekly payment's
  return e.transferType === "HOURLY" ? hourly : all - hourly;
}

/**
 * R6.3 / R8 / R9.3 / R10 where the money of the entry stands at `now`, read the way
 * effective balances are (a maturity step due but not booked yet counts as done).
 * Choice: for a client, an hourly charge is "in review" while it can be disputed
 * (R7.1), then "paid"; every other charge and refund is "paid".
 */
export function statusOf(e: HistoryEntry, viewer: Viewer, now: Date): HistoryStatus {
  const t = now.getTime();
  if (e.transferType === "WITHDRAWAL" || e.transferType === "WITHDRAWAL_FEE") {
    return e.withdrawalStatus === "PAID" ? "paid" : e.withdrawalStatus === "FAILED" ? "failed" : "pending";
  }
  if (viewer === "CLIENT") {
    const m = e.maturity;
    const inReview = e.transferType === "HOURLY" && m !== null && m.stage === "PENDING" && m.pendingAt !== null && t < m.pendingAt.getTime();
    return inReview ? "in_review" : "paid";
  }
  if (EARNINGS.includes(e.transferType)) {
    const m = e.maturity;
    if (m === null || m.availableAt.getTime() <= t) return "available";
    if (m.stage === "PENDING" && m.pendingAt !== null && t < m.pendingAt.getTime()) return "in_review";
    return "pending";
  }
  if (e.transferType === "REFUND") return "paid";
  // adjustments and reversals: where the entry put the money
  return e.account === "in_review" ? "in_review" : e.account === "pending" || e.account === "held" ? "pending" : "available";
}

const week = (d: Date) => d.toISOString().slice(0, 10);

function describe(e: HistoryEntry, fee: boolean, viewer: Viewer): string {
  const title = e.contractTitle ?? "Contract";
  const feeName = viewer === "FREELANCER" ? "Service fee" : "Client fee";
  if (e.transferType === "HOURLY" && e.invoice) {
    const base = `${title}, week of ${week(e.invoice.weekStart)}`;
    return fee ? `${feeName}: ${base}` : `${base}: ${formatMinutes(e.invoice.billedMinutes)}`;
  }
  if (e.transferType === "WEEKLY_PAYMENT" && e.invoice) {
    const base = `${title}, week of ${week(e.invoice.weekStart)}`;
    return fee ? `${feeName}: weekly payment, ${base}` : `Weekly payment: ${base}`;
  }
  if (e.transferType === "BONUS" && e.bonus) return fee ? `${feeName}: bonus, ${title}` : `Bonus: ${title}: ${e.bonus.memo}`;
  return e.description;
}

const PLAIN: Partial<Record<TransferType, HistoryType>> = {
  HOURLY: "HOURLY", WEEKLY_PAYMENT: "WEEKLY_PAYMENT", BONUS: "BONUS", REFUND: "REFUND", WITHDRAWAL: "WITHDRAWAL",
  WITHDRAWAL_FEE: "WITHDRAWAL_FEE", ADJUSTMENT: "ADJUSTMENT", REVERSAL: "ADJUSTMENT",
};

/**
 * The lines of one entry, newest first (a fee line sits above its earning's line, as
 * it follows it), keeping only lines of `type` when a type filter is set.
 */
export function linesOf(e: HistoryEntry, viewer: Viewer, now: Date, type?: HistoryType): HistoryLine[] {
  const plain = PLAIN[e.transferType];
  if (!plain) return [];
  const status = statusOf(e, viewer, now);
  const shown = (balance: bigint) => (viewer === "CLIENT" ? -balance : balance);
  const base = {
    entryId: e.entryId.toString(), referenceId: e.referenceId, createdAt: e.createdAt.toISOString(), contractId: e.contractId,
    contractTitle: e.contractTitle, account: e.account, status,
  };
  const fee = BigInt(feeOf(e, viewer));
  const out: HistoryLine[] = [];
  if (fee !== 0n) {
    const feeType: HistoryType = viewer === "FREELANCER" ? "SERVICE_FEE" : "CLIENT_FEE";
    if (!type || type === feeType) {
      out.push({ ...base, id: `${e.entryId}:fee`, type: feeType, description: describe(e, true, viewer), amountCents: (-fee).toString(), runningBalanceCents: shown(e.balanceAfter).toString() });
    }
  }
  if (!type || type === plain) {
    // the gross is the entry plus the fee taken from it (freelancer) or charged on top of it (client)
    out.push({ ...base, id: e.entryId.toString(), type: plain, description: describe(e, false, viewer), amountCents: (e.amount + fee).toString(), runningBalanceCents: shown(e.balanceAfter + fee).toString() });
  }
  return out;
}

// R12 Transaction History lines from the viewer's ledger entries. Pure: the service reads, this decides what a person sees.
// Choice: an earning shows as two lines, the gross and its fee as a negative line; they add up to the entry.
// Choice: the running balance is of the accounts the view shows: freelancer, earned and not yet withdrawn;
// client, what they owe (R14.5: minus the balance of their receivable, client:<id>:charges): invoices raise it,
// charges and write-offs bring it back to 0.
// R14.5 a client sees their charges (once, as the amount paid: the receivable's leg, never the payments
// account's), failed attempts (lines that move nothing) and write-offs; a freelancer sees the holds and releases
// of an unpaid week's unprotected earnings (R14.4) and their reversal at a write-off.
import { formatCents, formatMinutes } from "@/lib/format/money";
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

/**
 * Transfer types that give lines: those that change the viewer's balance, plus (R14.4) the holds and releases of
 * an unpaid week, which only move money between a freelancer's states (a dispute's holds and releases, maturity
 * steps and settlements stay out of the history).
 */
export const VISIBLE_TRANSFER_TYPES: readonly TransferType[] = [
  "HOURLY", "WEEKLY_PAYMENT", "BONUS", "REFUND", "WITHDRAWAL", "WITHDRAWAL_FEE", "ADJUSTMENT", "REVERSAL", "CHARGE", "WRITE_OFF", "PROTECTION", "HOLD", "RELEASE",
];
const EARNINGS: readonly TransferType[] = ["HOURLY", "WEEKLY_PAYMENT", "BONUS"];
/** R14.5 the transfers that settle a written-off charge on the client's receivable (with the REVERSAL of its holds) */
const WRITE_OFFS: readonly TransferType[] = ["WRITE_OFF", "PROTECTION"];

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
    case "CHARGE":
      return viewer === "CLIENT" ? ["CHARGE"] : [];
    // failed attempts are not ledger entries (lib/reports/list-transactions reads them from charge_attempts)
    case "FAILED_CHARGE":
      return [];
    case "PAYMENT_HOLD":
      return viewer === "FREELANCER" ? ["HOLD", "RELEASE"] : [];
    // the client's receivable is settled by all three; the freelancer's held earnings by the reversal
    case "WRITE_OFF":
      return viewer === "CLIENT" ? ["REVERSAL", ...WRITE_OFFS] : ["REVERSAL"];
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
    // R14.4 unprotected earnings reversed at a write-off leave from held
    case "WRITE_OFF":
      return ["held"];
    case "CHARGE":
    case "FAILED_CHARGE":
      return [];
    // PAYMENT_HOLD: a hold or release is shown from its last leg, which may be on any state
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
  /** R14.4 a hold, release or reversal of an unpaid week's earnings (an invoice with a charge hold, no dispute) */
  paymentHold?: boolean;
  /** whether this is the last of the viewer's legs of its transfer (a hold or release is shown once, from it) */
  lastLeg?: boolean;
  /** R14.5 the charge a charge or write-off settles, and the method that paid it ("Visa •••• 4242"; clients only) */
  charge?: { referenceId: string; weekStart: Date | null; method: string | null } | null;
  /** R14.5 a failed attempt (no entry: amount 0): the provider's message */
  attempt?: { outcome: "DECLINED" | "UNKNOWN"; message: string | null; method: string | null } | null;
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
  if (EARNINGS.includes(e.transferType)) return earningStatus(e.maturity, t);
  if (e.transferType === "REFUND") return "paid";
  // adjustments and reversals: where the entry put the money
  return e.account === "in_review" ? "in_review" : e.account === "pending" || e.account === "held" ? "pending" : "available";
}

function earningStatus(m: HistoryEntry["maturity"], t: number): HistoryStatus {
  if (m === null || m.availableAt.getTime() <= t) return "available";
  if (m.stage === "PENDING" && m.pendingAt !== null && t < m.pendingAt.getTime()) return "in_review";
  return "pending";
}

const week = (d: Date) => d.toISOString().slice(0, 10);

type BillingLine = { type: HistoryType; description: string; amount: bigint; status: HistoryStatus };

/**
 * R14.4 / R14.5 the line of a charge, a failed attempt, a write-off, or an unpaid week's hold or release;
 * null when the entry shows nothing (a dispute's hold, the first leg of a hold); undefined when it is not billing's.
 * Choice: holds, releases and failed attempts move nothing on the viewer's balance, so their amount is 0 and the
 * amount held or released is in the description (as Stripe shows a failed payment: no money moved).
 * Choice: a write-off's lines have the status "Failed" (the client never paid; R12's other statuses mean money arrived).
 */
function billingLine(e: HistoryEntry, viewer: Viewer, now: Date): BillingLine | null | undefined {
  const ref = e.charge?.referenceId ?? e.referenceId;
  const weekOf = e.invoice ? `${e.contractTitle ?? "Contract"}, week of ${week(e.invoice.weekStart)}` : e.charge?.weekStart ? `week of ${week(e.charge.weekStart)}` : null;
  if (e.attempt) {
    const how = e.attempt.method ? ` (${e.attempt.method})` : "";
    const description = e.attempt.outcome === "UNKNOWN"
      ? `Charge attempt unanswered: checking with the payment provider${how}`
      : `Charge attempt failed: ${e.attempt.message ?? "declined"}${how}`;
    return { type: "FAILED_CHARGE", description, amount: 0n, status: "failed" };
  }
  switch (e.transferType) {
    case "CHARGE": {
      if (!e.charge) return { type: "CHARGE", description: e.description, amount: e.amount, status: "paid" };
      const by = e.charge.method ? ` by ${e.charge.method}` : "";
      const of = e.charge.weekStart ? `: week of ${week(e.charge.weekStart)}` : "";
      return { type: "CHARGE", description: `Charge ${ref} paid${by}${of}`, amount: e.amount, status: "paid" };
    }
    case "PROTECTION":
      return { type: "WRITE_OFF", description: `Written off ${ref}: protected time paid by Hourly Protection`, amount: e.amount, status: "failed" };
    case "WRITE_OFF":
      return { type: "WRITE_OFF", description: `Written off ${ref}: the rest, the fees of protected time`, amount: e.amount, status: "failed" };
    case "REVERSAL":
      if (!e.paymentHold) return undefined;
      return viewer === "CLIENT"
        ? { type: "WRITE_OFF", description: `Written off ${ref}: unprotected time reversed${weekOf ? `, ${weekOf}` : ""}`, amount: e.amount, status: "failed" }
        : { type: "WRITE_OFF", description: `Reversed: client never paid (unprotected time)${weekOf ? `, ${weekOf}` : ""}`, amount: e.amount, status: "failed" };
    case "HOLD":
    case "RELEASE": {
      if (!e.paymentHold || viewer !== "FREELANCER" || e.lastLeg === false) return null;
      const amount = formatCents(e.amount < 0n ? -e.amount : e.amount);
      return e.transferType === "HOLD"
        ? { type: "PAYMENT_HOLD", description: `Held: client payment failed for ${weekOf ?? "the week"} (${amount} waits for the client's payment)`, amount: 0n, status: "pending" }
        : { type: "PAYMENT_HOLD", description: `Released: client paid for ${weekOf ?? "the week"} (${amount})`, amount: 0n, status: earningStatus(e.maturity, now.getTime()) };
    }
    default:
      return undefined;
  }
}

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
  const shown = (balance: bigint) => (viewer === "CLIENT" ? -balance : balance);
  const billing = billingLine(e, viewer, now);
  if (billing !== undefined) {
    if (billing === null || (type && type !== billing.type)) return [];
    return [{
      id: e.entryId.toString(), entryId: e.entryId.toString(), referenceId: e.referenceId, type: billing.type, description: billing.description,
      createdAt: e.createdAt.toISOString(), contractId: e.contractId, contractTitle: e.contractTitle, account: e.account,
      amountCents: billing.amount.toString(), runningBalanceCents: shown(e.balanceAfter).toString(), status: billing.status,
    }];
  }
  const plain = PLAIN[e.transferType];
  if (!plain) return [];
  const status = statusOf(e, viewer, now);
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

import "server-only";
// R6.3 the caller's balances as they stand at `now`: booked balances plus the
// maturity steps that are due but not booked yet (a late or missed job changes
// nothing a user sees). One SQL statement, so one consistent snapshot.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { effectiveBalances, type BookedFreelancerBalances, type DueLot } from "./effective-balances";

export interface BalancesView {
  asOf: string;
  /** freelancers: R6.3 states, integer cents as strings */
  inReviewCents: string;
  pendingCents: string;
  availableCents: string;
  heldCents: string;
  paidOutCents: string;
  /** clients: what they have been charged, net of refunds */
  chargedCents: string;
}

interface Row {
  src: "booked" | "due";
  kind: string;
  earning_id: string | null;
  stage: "PENDING" | "AVAILABLE" | null;
  pending_at: Date | null;
  available_at: Date | null;
  amount: bigint;
}

export async function readBalances(userId: string, now: Date): Promise<BookedFreelancerBalances & { charged: bigint }> {
  const rows = await db().$queryRaw<Row[]>`
    SELECT 'booked' AS src, a.kind::text AS kind, NULL::text AS earning_id, NULL::text AS stage, NULL::timestamptz AS pending_at, NULL::timestamptz AS available_at, a.balance_cents AS amount
    FROM ledger_accounts a WHERE a.owner_id = ${userId}::uuid
    UNION ALL
    SELECT 'due', a.kind::text, m.earning_id::text, m.stage::text, m.pending_at, m.available_at, sum(e.amount_cents)::bigint
    FROM ledger_maturities m
    JOIN ledger_transfers t ON t.earning_id = m.earning_id
    JOIN ledger_entries e ON e.transfer_id = t.id
    JOIN ledger_accounts a ON a.id = e.account_id AND a.kind IN ('FREELANCER_IN_REVIEW', 'FREELANCER_PENDING')
    WHERE m.user_id = ${userId}::uuid AND m.due_at <= ${now}
    GROUP BY a.kind, m.earning_id, m.stage, m.pending_at, m.available_at`;
  const booked: BookedFreelancerBalances = { inReview: 0n, pending: 0n, available: 0n, held: 0n, paidOut: 0n };
  let charged = 0n;
  const lots = new Map<string, DueLot>();
  for (const r of rows) {
    const amount = BigInt(r.amount);
    if (r.src === "booked") {
      if (r.kind === "FREELANCER_IN_REVIEW") booked.inReview += amount;
      else if (r.kind === "FREELANCER_PENDING") booked.pending += amount;
      else if (r.kind === "FREELANCER_AVAILABLE") booked.available += amount;
      else if (r.kind === "FREELANCER_HELD") booked.held += amount;
      else if (r.kind === "FREELANCER_PAID_OUT") booked.paidOut += amount;
      // R14.5 what was invoiced net of refunds: the receivable plus the payments that settled it
      else if (r.kind === "CLIENT_CHARGES" || r.kind === "CLIENT_PAYMENTS") charged -= amount;
      continue;
    }
    let lot = lots.get(r.earning_id!);
    if (!lot) lots.set(r.earning_id!, (lot = { stage: r.stage!, pendingAt: r.pending_at, availableAt: r.available_at!, inReview: 0n, pending: 0n }));
    if (r.kind === "FREELANCER_IN_REVIEW") lot.inReview += amount;
    else lot.pending += amount;
  }
  return { ...effectiveBalances(booked, [...lots.values()], now), charged };
}

export async function getBalances(user: CurrentUser, now: Date): Promise<BalancesView> {
  const b = await readBalances(user.id, now);
  return {
    asOf: now.toISOString(),
    inReviewCents: b.inReview.toString(),
    pendingCents: b.pending.toString(),
    availableCents: b.available.toString(),
    heldCents: b.held.toString(),
    paidOutCents: b.paidOut.toString(),
    chargedCents: b.charged.toString(),
  };
}

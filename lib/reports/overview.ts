import "server-only";
// Reports > Overview: the viewer's money at a glance. Balances are the effective
// ones (lib/ledger/balances: right at any `now`, even when a maturity job is
// late); the rest are sums of the viewer's own ledger entries and invoices, read
// with the owner in every query.
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { readBalances } from "@/lib/ledger/balances";
import { viewerOf } from "./list-transactions";
import { weekStartOf } from "@/lib/billing";
import type { Viewer } from "./history-lines";

const DAY_MS = 86_400_000;
/** The charts' span: the current work week and the 11 before it. */
export const OVERVIEW_WEEKS = 12;

export interface WeekEarnings {
  /** Monday of the work week, YYYY-MM-DD */
  week: string;
  /** viewer's side, cents: net earned (freelancer) or charged (client) */
  hourlyCents: number;
  weeklyPaymentCents: number;
  bonusCents: number;
  /** refunds of the week's invoices: negative for a freelancer, positive (given back) for a client */
  refundCents: number;
}

export interface WeekHours {
  week: string;
  /** billed minutes per contract id */
  minutes: Record<string, number>;
}

export interface ContractTotals {
  contractId: string;
  title: string;
  invoices: number;
  hourlyCents: number;
  weeklyPaymentCents: number;
  bonuses: number;
  bonusCents: number;
  refundCents: number;
  totalCents: number;
}

export interface RecentInvoice {
  referenceId: string;
  contractTitle: string;
  week: string;
  billedMinutes: number;
  /** viewer's side: net earnings (freelancer) or total charged net of refunds (client), positive */
  amountCents: number;
}

export interface Overview {
  viewer: Viewer;
  asOf: string;
  year: number;
  /** freelancer: R6.3 states now; client: hourly charges still disputable (R7.1) */
  inReviewCents: string;
  pendingCents: string;
  availableCents: string;
  heldCents: string;
  /** freelancer: settled payouts this calendar year (UTC); client: charged this year net of refunds */
  yearCents: string;
  refundsThisYearCents: string;
  /** client: what they owe now (R14.5: minus their receivable, client:<id>:charges); "0" for a freelancer */
  owedCents: string;
  weeks: WeekEarnings[];
  hours: WeekHours[];
  contracts: Array<{ id: string; title: string }>;
  totals: ContractTotals[];
  invoices: RecentInvoice[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function getOverview(user: CurrentUser, now: Date): Promise<Overview | null> {
  const viewer = viewerOf(user);
  if (!viewer) return null;
  const prisma = db();
  const sign = viewer === "FREELANCER" ? 1 : -1;
  const kinds = viewer === "FREELANCER" ? ["FREELANCER_IN_REVIEW", "FREELANCER_PENDING", "FREELANCER_AVAILABLE", "FREELANCER_HELD"] : ["CLIENT_CHARGES"];
  const thisWeek = weekStartOf(now);
  const firstWeek = new Date(thisWeek.getTime() - (OVERVIEW_WEEKS - 1) * 7 * DAY_MS);
  const yearStart = new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
  const party = viewer === "FREELANCER" ? Prisma.sql`c.freelancer_id` : Prisma.sql`c.client_id`;

  const [balances, year, byWeek, hours, totals, invoices] = await Promise.all([
    readBalances(user.id, now),
    // Choice: "paid out this year" counts payouts the provider confirmed (R10), dated when they settled.
    prisma.$queryRaw<Array<{ paid_out: bigint; net: bigint; refunds: bigint }>>`
      SELECT
        coalesce(sum(e.amount_cents) FILTER (WHERE a.kind = 'FREELANCER_PAID_OUT'), 0)::bigint AS paid_out,
        -- R14.5 what was invoiced net of refunds: charges and write-offs only settle the receivable
        coalesce(sum(e.amount_cents) FILTER (WHERE a.kind = 'CLIENT_CHARGES' AND t.type IN ('HOURLY', 'WEEKLY_PAYMENT', 'BONUS', 'REFUND')), 0)::bigint AS net,
        coalesce(sum(e.amount_cents) FILTER (WHERE t.type = 'REFUND'), 0)::bigint AS refunds
      FROM ledger_entries e
      JOIN ledger_accounts a ON a.id = e.account_id AND a.owner_id = ${user.id}::uuid
      JOIN ledger_transfers t ON t.id = e.transfer_id
      WHERE e.created_at >= ${yearStart} AND e.created_at <= ${now}`,
    // Choice: invoiced money counts in its work week (the invoice's), a bonus in the week it was paid.
    prisma.$queryRaw<Array<{ week: Date; type: string; amount: bigint }>>`
      SELECT coalesce(i.week_start, date_trunc('week', t.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS week, t.type::text AS type, sum(e.amount_cents)::bigint AS amount
      FROM ledger_entries e
      JOIN ledger_accounts a ON a.id = e.account_id AND a.owner_id = ${user.id}::uuid AND a.kind::text = ANY(${kinds}::text[])
      JOIN ledger_transfers t ON t.id = e.transfer_id AND t.type IN ('HOURLY', 'WEEKLY_PAYMENT', 'BONUS', 'REFUND')
      LEFT JOIN invoices i ON i.id = t.invoice_id
      WHERE e.created_at >= ${firstWeek} AND e.created_at <= ${now}
      GROUP BY 1, 2`,
    // Hours as billed at the weekly close (lib/billing computed them; over-limit time is not billed, R4.2).
    prisma.$queryRaw<Array<{ week: Date; contract_id: string; minutes: number }>>`
      SELECT i.week_start AS week, i.contract_id::text AS contract_id, i.billed_minutes AS minutes
      FROM invoices i JOIN contracts c ON c.id = i.contract_id AND ${party} = ${user.id}::uuid
      WHERE i.week_start >= ${firstWeek}`,
    prisma.$queryRaw<Array<{ contract_id: string; title: string; type: string; n: number; amount: bigint }>>`
      SELECT t.contract_id::text AS contract_id, c.title, t.type::text AS type, count(DISTINCT coalesce(t.invoice_id, t.bonus_id, t.id))::int AS n, sum(e.amount_cents)::bigint AS amount
      FROM ledger_entries e
      JOIN ledger_accounts a ON a.id = e.account_id AND a.owner_id = ${user.id}::uuid AND a.kind::text = ANY(${kinds}::text[])
      JOIN ledger_transfers t ON t.id = e.transfer_id AND t.type IN ('HOURLY', 'WEEKLY_PAYMENT', 'BONUS', 'REFUND')
      JOIN contracts c ON c.id = t.contract_id
      GROUP BY t.contract_id, c.title, t.type`,
    prisma.$queryRaw<Array<{ reference_id: string; title: string; week: Date; minutes: number; amount: bigint }>>`
      SELECT i.reference_id, c.title, i.week_start AS week, i.billed_minutes AS minutes, sum(e.amount_cents)::bigint AS amount
      FROM invoices i
      JOIN contracts c ON c.id = i.contract_id
      JOIN ledger_transfers t ON t.invoice_id = i.id AND t.type IN ('HOURLY', 'WEEKLY_PAYMENT', 'REFUND')
      JOIN ledger_entries e ON e.transfer_id = t.id
      JOIN ledger_accounts a ON a.id = e.account_id AND a.owner_id = ${user.id}::uuid AND a.kind::text = ANY(${kinds}::text[])
      WHERE i.week_start >= ${firstWeek}
      GROUP BY i.id, i.reference_id, c.title, i.week_start, i.billed_minutes
      ORDER BY i.week_start DESC, c.title`,
  ]);

  const weeks: WeekEarnings[] = Array.from({ length: OVERVIEW_WEEKS }, (_, k) => ({
    week: day(new Date(firstWeek.getTime() + k * 7 * DAY_MS)), hourlyCents: 0, weeklyPaymentCents: 0, bonusCents: 0, refundCents: 0,
  }));
  const weekIndex = new Map(weeks.map((w, k) => [w.week, k]));
  for (const r of byWeek) {
    const w = weeks[weekIndex.get(day(r.week)) ?? -1];
    if (!w) continue;
    const cents = sign * Number(r.amount);
    if (r.type === "HOURLY") w.hourlyCents += cents;
    else if (r.type === "WEEKLY_PAYMENT") w.weeklyPaymentCents += cents;
    else if (r.type === "BONUS") w.bonusCents += cents;
    else w.refundCents += Number(r.amount);
  }

  const hourWeeks: WeekHours[] = weeks.map((w) => ({ week: w.week, minutes: {} }));
  for (const h of hours) {
    const w = hourWeeks[weekIndex.get(day(h.week)) ?? -1];
    if (w) w.minutes[h.contract_id] = (w.minutes[h.contract_id] ?? 0) + h.minutes;
  }

  const byContract = new Map<string, ContractTotals>();
  for (const r of totals) {
    let c = byContract.get(r.contract_id);
    if (!c) byContract.set(r.contract_id, (c = { contractId: r.contract_id, title: r.title, invoices: 0, hourlyCents: 0, weeklyPaymentCents: 0, bonuses: 0, bonusCents: 0, refundCents: 0, totalCents: 0 }));
    const amount = Number(r.amount);
    if (r.type === "HOURLY" || r.type === "WEEKLY_PAYMENT") {
      // one invoice may carry both lines
      c.invoices = Math.max(c.invoices, r.n);
      if (r.type === "HOURLY") c.hourlyCents += sign * amount;
      else c.weeklyPaymentCents += sign * amount;
    } else if (r.type === "BONUS") {
      c.bonuses += r.n;
      c.bonusCents += sign * amount;
    } else {
      c.refundCents += amount;
    }
    c.totalCents += sign * amount;
  }

  const contracts = await prisma.contract.findMany({
    where: viewer === "FREELANCER" ? { freelancerId: user.id } : { clientId: user.id },
    select: { id: true, title: true },
    orderBy: { title: "asc" },
  });
  const row = year[0] ?? { paid_out: 0n, net: 0n, refunds: 0n };
  let clientInReview = 0n;
  let owed = 0n;
  if (viewer === "CLIENT") {
    const receivable = await prisma.ledgerAccount.findFirst({ where: { ownerId: user.id, kind: "CLIENT_CHARGES" }, select: { balanceCents: true } });
    owed = -(receivable?.balanceCents ?? 0n);
    // R7.1 hourly charges whose review window is still open
    const [r] = await prisma.$queryRaw<Array<{ s: bigint }>>`
      SELECT coalesce(sum(e.amount_cents), 0)::bigint AS s
      FROM ledger_entries e
      JOIN ledger_accounts a ON a.id = e.account_id AND a.owner_id = ${user.id}::uuid AND a.kind = 'CLIENT_CHARGES'
      JOIN ledger_transfers t ON t.id = e.transfer_id AND t.type = 'HOURLY'
      JOIN ledger_maturities m ON m.earning_id = t.id AND m.stage = 'PENDING' AND m.pending_at > ${now}`;
    clientInReview = -BigInt(r?.s ?? 0n);
  }
  return {
    viewer, asOf: now.toISOString(), year: now.getUTCFullYear(),
    inReviewCents: (viewer === "FREELANCER" ? balances.inReview : clientInReview).toString(),
    pendingCents: balances.pending.toString(),
    availableCents: balances.available.toString(),
    heldCents: balances.held.toString(),
    yearCents: (viewer === "FREELANCER" ? BigInt(row.paid_out) : -BigInt(row.net)).toString(),
    refundsThisYearCents: (sign * Number(row.refunds)).toString(),
    owedCents: owed.toString(),
    weeks, hours: hourWeeks, contracts,
    totals: [...byContract.values()].sort((a, b) => a.title.localeCompare(b.title)),
    invoices: invoices.map((i) => ({ referenceId: i.reference_id, contractTitle: i.title, week: day(i.week), billedMinutes: i.minutes, amountCents: sign * Number(i.amount) })),
  };
}

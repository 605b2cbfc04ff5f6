import "server-only";
// R12 Transaction History: the caller's own ledger entries (owner checked in the query), newest first, in keyset
// pages on (created_at, id) with filters and a running balance (window sum from the accounts' balance or the
// signed cursor's), so a page reads about one page of entries however deep it is.
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { LedgerAccountKind, TransferType } from "@/lib/generated/prisma/enums";
import { decodeCursor, encodeCursor, type HistoryCursor } from "./cursor";
import { accountsFor, linesOf, transferTypesFor, type HistoryEntry, type HistoryLine, type Viewer } from "./history-lines";
import { DEFAULT_HISTORY_DAYS, type HistoryQuery, type HistoryType } from "@/lib/validation/reports";
import { accountIdOf, clientAccount, freelancerAccount, freelancerStateOfKind } from "@/lib/ledger/accounts";

const DAY_MS = 86_400_000;

export interface HistoryPageInput {
  from?: Date;
  to?: Date;
  type?: HistoryType;
  contract?: string;
  cursor?: HistoryCursor | null;
  /** ledger entries per page (a page shows up to twice as many lines: see history-lines) */
  limit: number;
}

export interface HistoryPage {
  lines: HistoryLine[];
  nextCursor: HistoryCursor | null;
  /** the window actually read (the default fills in the last 30 days) */
  from: Date;
  to: Date | null;
}

/** Whose side of the ledger the caller sees; admins hold no accounts. */
export function viewerOf(user: CurrentUser): Viewer | null {
  return user.role === "FREELANCER" ? "FREELANCER" : user.role === "CLIENT" ? "CLIENT" : null;
}

/** The accounts the caller's history shows (see the Choice in lib/reports/history-lines). */
function historyAccountIds(user: CurrentUser, viewer: Viewer): string[] {
  if (viewer === "CLIENT") return [accountIdOf(clientAccount(user.id))];
  return accountsFor(undefined).map((s) => accountIdOf(freelancerAccount(user.id, s)));
}

interface Row {
  id: bigint;
  created_at: Date;
  amount: bigint;
  kind: LedgerAccountKind;
  type: TransferType | "FAILED_ATTEMPT";
  reference_id: string;
  description: string;
  contract_id: string | null;
  contract_title: string | null;
  newer_incl: bigint;
  b0: bigint;
  week_start: Date | null;
  billed_minutes: number | null;
  service_fee_cents: number | null;
  hourly_service_fee_cents: number | null;
  client_fee_cents: number | null;
  hourly_client_fee_cents: number | null;
  bonus_memo: string | null;
  bonus_service_fee: number | null;
  bonus_client_fee: number | null;
  stage: "PENDING" | "AVAILABLE" | null;
  pending_at: Date | null;
  available_at: Date | null;
  withdrawal_status: "PROCESSING" | "PAID" | "FAILED" | null;
  payment_hold: boolean;
  last_leg: boolean | null;
  charge_reference: string | null;
  charge_week: Date | null;
  method_kind: "CARD" | "BANK_ACCOUNT" | null;
  method_brand: string | null;
  method_last4: string | null;
  attempt_outcome: "DECLINED" | "UNKNOWN" | null;
  attempt_message: string | null;
}

/** The type a failed charge attempt's row carries in the page (it is no ledger entry: see historyPageSql). */
const ATTEMPT_ROW = "FAILED_ATTEMPT";

/** The window a query reads. Choice: without `from`, the 30 days before `to` (or now). */
export function historyWindow(q: { from?: Date; to?: Date }, now: Date): { from: Date; to: Date | null } {
  const to = q.to ?? null;
  return { from: q.from ?? new Date((to ?? now).getTime() - DEFAULT_HISTORY_DAYS * DAY_MS), to };
}

/** The statement that reads one page (null when the view can hold nothing); exported for the benchmark's EXPLAIN. */
export function historyPageSql(user: CurrentUser, q: HistoryPageInput, now: Date): Prisma.Sql | null {
  const { from, to } = historyWindow(q, now);
  const viewer = viewerOf(user);
  const types = viewer ? transferTypesFor(q.type, viewer) : [];
  // R14.5 a client's failed charge attempts: lines from charge_attempts (no contract, so not in a contract's view)
  const withAttempts = viewer === "CLIENT" && !q.contract && (!q.type || q.type === "FAILED_CHARGE");
  if (!viewer || (types.length === 0 && !withAttempts)) return null;
  const ids = historyAccountIds(user, viewer);
  const cursor = q.cursor ?? null;

  const upperOf = (at: Prisma.Sql, id: Prisma.Sql) => cursor
    ? Prisma.sql`(${at}, ${id}) < (${new Date(cursor.at)}::timestamptz, ${cursor.id}::bigint)`
    : to
      ? Prisma.sql`${at} < ${to}`
      : Prisma.sql`TRUE`;
  const upper = upperOf(Prisma.sql`e.created_at`, Prisma.sql`e.id`);
  const owned = (id: string) => Prisma.sql`(SELECT a.owner_id FROM ledger_accounts a WHERE a.id = ${id}::uuid) = ${user.id}::uuid`;
  const columns = Prisma.sql`e.id, e.created_at, e.amount_cents, e.account_id, t.type::text AS type, t.reference_id, t.description, t.contract_id,
        t.invoice_id, t.bonus_id, t.withdrawal_id, t.earning_id, t.dispute_id, e.transfer_id, NULL::uuid AS attempt_id`;
  // The page. With a contract: that contract's transfers (by their contract index) and the caller's
  // entries on them. Otherwise per account that can hold the type, its newest entries walked
  // backwards along (account_id, created_at, id), each joined to its transfer by primary key
  // (LATERAL ... LIMIT 1 keeps that a nested loop), at most limit + 1 each; then the newest of those.
  const shownIds = viewer === "CLIENT" ? ids : accountsFor(q.type).map((s) => accountIdOf(freelancerAccount(user.id, s)));
  const ledgerBranches = types.length === 0 ? [] : q.contract
    ? [Prisma.sql`(SELECT ${columns} FROM ledger_transfers t JOIN ledger_entries e ON e.transfer_id = t.id
        WHERE t.contract_id = ${q.contract}::uuid AND t.type::text = ANY(${types}::text[])
          AND e.account_id IN (SELECT a.id FROM ledger_accounts a WHERE a.id = ANY(${shownIds}::uuid[]) AND a.owner_id = ${user.id}::uuid)
          AND ${upper} AND e.created_at >= ${from})`]
    : shownIds.map(
        (id) => Prisma.sql`(SELECT ${columns}
        FROM ledger_entries e
        CROSS JOIN LATERAL (SELECT t.* FROM ledger_transfers t WHERE t.id = e.transfer_id AND t.type::text = ANY(${types}::text[]) LIMIT 1) t
        WHERE e.account_id = ${id}::uuid AND ${upper} AND e.created_at >= ${from} AND ${owned(id)}
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT ${q.limit + 1})`,
      );
  // Failed attempts move no money: each is a row of its own in the stream, keyed by its start and a stable id
  // from its uuid, 2^62 + 60 bits of its hash (above every ledger entry id, so an attempt made at the close's
  // instant sorts after that close's invoices), and the keyset cursor walks them too.
  const attemptId = Prisma.sql`(4611686018427387904 + ('x' || substr(md5(ca.id::text), 1, 15))::bit(60)::bigint)`;
  const pageBranches = withAttempts
    ? [...ledgerBranches, Prisma.sql`(SELECT ${attemptId} AS id, ca.started_at AS created_at, 0::bigint AS amount_cents, ${ids[0]!}::uuid AS account_id,
        ${ATTEMPT_ROW}::text AS type, ch.reference_id, ''::text AS description, NULL::uuid AS contract_id, NULL::uuid AS invoice_id, NULL::uuid AS bonus_id,
        NULL::uuid AS withdrawal_id, NULL::uuid AS earning_id, NULL::uuid AS dispute_id, NULL::uuid AS transfer_id, ca.id AS attempt_id
        FROM charges ch JOIN charge_attempts ca ON ca.charge_id = ch.id
        WHERE ch.client_id = ${user.id}::uuid AND ca.outcome::text IN ('DECLINED', 'UNKNOWN') AND ${upperOf(Prisma.sql`ca.started_at`, attemptId)} AND ca.started_at >= ${from}
        ORDER BY 2 DESC, 1 DESC
        LIMIT ${q.limit + 1})`]
    : ledgerBranches;
  // The running balance: every entry of the accounts (shown or not) from the page's oldest line up
  // to the top of the stream, summed newest first; it costs the entries the page spans, no more.
  const rangeBranches = ids.map(
    (id) => Prisma.sql`(SELECT e.id, e.created_at, e.amount_cents FROM ledger_entries e
      WHERE e.account_id = ${id}::uuid AND ${upper} AND (e.created_at, e.id) >= ((SELECT created_at FROM edge), (SELECT id FROM edge)) AND ${owned(id)})`,
  );
  // The balance just above the stream: the cursor's, or the accounts' now minus whatever lies after `to`.
  const b0 = cursor
    ? Prisma.sql`${cursor.balanceBefore}::bigint`
    : Prisma.sql`(SELECT coalesce(sum(a.balance_cents), 0) FROM ledger_accounts a WHERE a.id = ANY(${ids}::uuid[]) AND a.owner_id = ${user.id}::uuid)
        - ${to ? Prisma.sql`(SELECT coalesce(sum(e.amount_cents), 0) FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id AND a.owner_id = ${user.id}::uuid
              WHERE e.account_id = ANY(${ids}::uuid[]) AND e.created_at >= ${to})` : Prisma.sql`0`}`;

  // One statement, so the page, the sums and the accounts' balance are one snapshot.
  return Prisma.sql`
    WITH page AS MATERIALIZED (
      SELECT s.* FROM (${Prisma.join(pageBranches, " UNION ALL ")}) s
      ORDER BY s.created_at DESC, s.id DESC
      LIMIT ${q.limit + 1}
    ), edge AS MATERIALIZED (
      SELECT created_at, id FROM page ORDER BY created_at, id LIMIT 1
    ), rng AS MATERIALIZED (
      SELECT r0.* FROM (${Prisma.join(rangeBranches, " UNION ALL ")}) r0
    ), sums AS (
      SELECT r.id, sum(r.amount_cents) OVER (ORDER BY r.created_at DESC, r.id DESC ROWS UNBOUNDED PRECEDING)::bigint AS newer_incl
      FROM rng r
    )
    SELECT p.id, p.created_at, p.amount_cents AS amount, a.kind::text AS kind, p.type, p.reference_id, p.description, p.contract_id::text AS contract_id,
      c.title AS contract_title,
      coalesce(sums.newer_incl, (SELECT coalesce(sum(r.amount_cents), 0) FROM rng r WHERE (r.created_at, r.id) > (p.created_at, p.id)))::bigint AS newer_incl,
      (${b0})::bigint AS b0,
      i.week_start, i.billed_minutes, i.service_fee_cents, i.hourly_service_fee_cents, i.client_fee_cents, i.hourly_client_fee_cents,
      b.memo AS bonus_memo, b.service_fee_cents AS bonus_service_fee, b.client_fee_cents AS bonus_client_fee,
      m.stage::text AS stage, m.pending_at, m.available_at, w.status::text AS withdrawal_status,
      (h.invoice_id IS NOT NULL) AS payment_hold,
      CASE WHEN p.type IN ('HOLD', 'RELEASE') THEN NOT EXISTS (
        SELECT 1 FROM ledger_entries e2 JOIN ledger_accounts a2 ON a2.id = e2.account_id AND a2.owner_id = ${user.id}::uuid
        WHERE e2.transfer_id = p.transfer_id AND e2.id > p.id) END AS last_leg,
      chg.reference_id AS charge_reference, chg.week_start AS charge_week,
      pm.kind AS method_kind, pm.brand AS method_brand, pm.last4 AS method_last4,
      fa.outcome::text AS attempt_outcome, fa.failure_message AS attempt_message
    FROM page p
    LEFT JOIN sums ON sums.id = p.id
    JOIN ledger_accounts a ON a.id = p.account_id AND a.owner_id = ${user.id}::uuid
    LEFT JOIN contracts c ON c.id = p.contract_id
    LEFT JOIN invoices i ON i.id = p.invoice_id
    LEFT JOIN bonuses b ON b.id = p.bonus_id
    LEFT JOIN ledger_maturities m ON m.earning_id = p.earning_id
    LEFT JOIN withdrawals w ON w.id = p.withdrawal_id
    -- R14.4 an unpaid week's hold, release or write-off reversal (a dispute's own carry its dispute)
    LEFT JOIN charge_holds h ON h.invoice_id = p.invoice_id AND p.dispute_id IS NULL AND p.type IN ('HOLD', 'RELEASE', 'REVERSAL')
    -- R14.5 the charge a line settles: by its reference (HG-CHG-…, and its suffixed transfers) or its invoice's
    LEFT JOIN LATERAL (
      SELECT ch.id, ch.reference_id, ch.week_start FROM charges ch
      WHERE p.type IN ('CHARGE', 'WRITE_OFF', 'PROTECTION', 'REVERSAL', ${ATTEMPT_ROW})
        AND (ch.reference_id = substring(p.reference_id FROM '^HG-CHG-[0-9]{4}W[0-9]{2}-[0-9A-Z]+') OR ch.id = i.charge_id)
      LIMIT 1) chg ON TRUE
    LEFT JOIN charge_attempts fa ON fa.id = p.attempt_id
    -- the method of a failed attempt or of the one that paid; only ever the client's own (a freelancer's view has none)
    LEFT JOIN LATERAL (
      SELECT bm.kind::text AS kind, bm.brand, bm.last4 FROM charge_attempts ca JOIN billing_methods bm ON bm.id = ca.method_id AND bm.client_id = ${user.id}::uuid
      WHERE (ca.id = p.attempt_id) OR (p.attempt_id IS NULL AND p.type = 'CHARGE' AND ca.charge_id = chg.id AND ca.outcome = 'SUCCEEDED')
      LIMIT 1) pm ON TRUE
    ORDER BY p.created_at DESC, p.id DESC`;
}

export async function readHistoryPage(user: CurrentUser, q: HistoryPageInput, now: Date): Promise<HistoryPage> {
  const { from, to } = historyWindow(q, now);
  const viewer = viewerOf(user);
  const sql = viewer ? historyPageSql(user, q, now) : null;
  if (!viewer || !sql) return { lines: [], nextCursor: null, from, to };
  const rows = await db().$queryRaw<Row[]>(sql);
  const more = rows.length > q.limit;
  const shown = more ? rows.slice(0, q.limit) : rows;
  const lines = shown.flatMap((r) => linesOf(entryOf(r), viewer, now, q.type));
  const last = shown.at(-1);
  const nextCursor = more && last ? { at: last.created_at.getTime(), id: BigInt(last.id), balanceBefore: BigInt(last.b0) - BigInt(last.newer_incl) } : null;
  return { lines, nextCursor, from, to };
}

function entryOf(r: Row): HistoryEntry {
  const amount = BigInt(r.amount);
  return {
    entryId: BigInt(r.id), createdAt: r.created_at, amount, account: freelancerStateOfKind(r.kind) ?? "charges",
    transferType: r.type === ATTEMPT_ROW ? "CHARGE" : r.type,
    referenceId: r.reference_id, description: r.description, contractId: r.contract_id, contractTitle: r.contract_title,
    balanceAfter: BigInt(r.b0) - BigInt(r.newer_incl) + amount,
    invoice: r.week_start
      ? { weekStart: r.week_start, billedMinutes: r.billed_minutes ?? 0, serviceFee: r.service_fee_cents ?? 0, hourlyServiceFee: r.hourly_service_fee_cents ?? 0, clientFee: r.client_fee_cents ?? 0, hourlyClientFee: r.hourly_client_fee_cents ?? 0 }
      : null,
    bonus: r.bonus_memo !== null ? { memo: r.bonus_memo, serviceFee: r.bonus_service_fee ?? 0, clientFee: r.bonus_client_fee ?? 0 } : null,
    maturity: r.stage && r.available_at ? { stage: r.stage, pendingAt: r.pending_at, availableAt: r.available_at } : null,
    withdrawalStatus: r.withdrawal_status,
    paymentHold: r.payment_hold,
    lastLeg: r.last_leg ?? undefined,
    charge: r.charge_reference ? { referenceId: r.charge_reference, weekStart: r.charge_week, method: methodLabel(r) } : null,
    attempt: r.attempt_outcome ? { outcome: r.attempt_outcome, message: r.attempt_message, method: methodLabel(r) } : null,
  };
}

/** "Visa •••• 4242" (the card's brand or the bank's name, and the last 4 digits: all that is stored, R14.1). */
function methodLabel(r: Row): string | null {
  if (!r.method_last4) return null;
  return `${r.method_brand ?? (r.method_kind === "BANK_ACCOUNT" ? "Bank account" : "Card")} •••• ${r.method_last4}`;
}

/** The cursor of a request, or a 422 naming it. */
export function parseCursor(text: string | undefined): HistoryCursor | null {
  if (text === undefined) return null;
  const cursor = decodeCursor(text);
  if (!cursor) throw new ApiError("validation_failed", "This page link is not valid any more; start from the first page.", { fields: { cursor: "Not a valid page link." } });
  return cursor;
}

/** GET /api/ledger/transactions: one page of lines and the next page's cursor, if any. */
export async function listTransactions(user: CurrentUser, q: HistoryQuery, now: Date): Promise<{ transactions: HistoryLine[]; nextCursor: string | null; from: string; to: string | null }> {
  const page = await readHistoryPage(user, { from: q.from, to: q.to, type: q.type, contract: q.contract, cursor: parseCursor(q.cursor), limit: q.limit }, now);
  return {
    transactions: page.lines,
    nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null,
    from: page.from.toISOString(),
    to: page.to?.toISOString() ?? null,
  };
}

/**
 * Every line of the filtered view, in the table's order, read in keyset pages of
 * `batch` entries (the CSV export streams from this: memory stays one batch).
 */
export async function* allHistoryLines(user: CurrentUser, q: Omit<HistoryPageInput, "cursor" | "limit">, now: Date, batch = 1000): AsyncGenerator<HistoryLine[]> {
  let cursor: HistoryCursor | null = null;
  // Choice: the window is fixed once, at the start of the export, so later pages cannot drift with the clock.
  const window = historyWindow(q, now);
  for (;;) {
    const page: HistoryPage = await readHistoryPage(user, { ...q, from: window.from, to: window.to ?? new Date(now.getTime() + 1), cursor, limit: batch }, now);
    if (page.lines.length > 0) yield page.lines;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** One transfer by reference ID, as the caller sees it: only their own entries; null when they are not a party (404). Admins see all. */
export async function getTransfer(user: CurrentUser, referenceId: string): Promise<{
  referenceId: string; type: TransferType; description: string; createdAt: string; contractId: string | null; invoiceId: string | null;
  bonusId: string | null; disputeId: string | null; withdrawalId: string | null; entries: Array<{ account: string; amountCents: string }>;
} | null> {
  // The ownership check is in the query: a transfer with none of the caller's entries is not found.
  const ownEntries = user.role === "ADMIN" ? {} : { account: { ownerId: user.id } };
  const t = await db().ledgerTransfer.findFirst({
    where: { referenceId, entries: { some: ownEntries } },
    include: { entries: { where: ownEntries, include: { account: { select: { kind: true, ownerId: true, code: true } } }, orderBy: { id: "asc" } } },
  });
  if (!t) return null;
  const mine = t.entries;
  return {
    referenceId: t.referenceId, type: t.type, description: t.description, createdAt: t.createdAt.toISOString(), contractId: t.contractId, invoiceId: t.invoiceId,
    bonusId: t.bonusId, disputeId: t.disputeId, withdrawalId: t.withdrawalId,
    entries: mine.map((e) => ({ account: user.role === "ADMIN" ? e.account.code : (freelancerStateOfKind(e.account.kind) ?? "charges"), amountCents: e.amountCents.toString() })),
  };
}

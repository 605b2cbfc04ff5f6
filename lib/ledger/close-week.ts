// No "server-only" marker: the demo seed runs this in plain Node, outside Next's react-server condition.
// R1.3 / R6 / R9 the weekly close: one invoice per contract week (hourly line within the limit,
// prorated weekly payment, both fees), booked to the ledger. Idempotent and resumable: row identity
// follows from (contract, week), chunks commit on their own under an advisory lock.
// Set-based and pipelined through the pg driver (sql()): Prisma's raw engine costs more CPU on large array parameters.
import type pg from "pg";
import { sql } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import {
  SLOT_MINUTES,
  activeFrom,
  assertWeekStart,
  billableMinutesOfCount,
  effectiveWeeklyLimitHours,
  limitMinutesOf,
  priceContractWeek,
  weekCloseAt,
  weekEndOf,
  weeklyPaymentAvailableAt,
  weeklyPaymentForWeek,
  type LimitChange,
  type PauseInterval,
} from "@/lib/billing";
import { formatCents, formatMinutes } from "@/lib/format/money";
import { PLATFORM_FEES, accountIdOf, clientAccount, ensureAccountsForUsers, freelancerAccount } from "./accounts";
import { insertEntriesCte, insertTransfersCte, movingLegs, transferIdOf, type EntryDraft } from "./book";
import { referenceId, uuidFromKey } from "./ids";
import { hourlyMaturity, skipReviewMaturity, type MaturityRow } from "./maturities";
import { isRetryable } from "./pg-errors";
import { runPipeline } from "./pipeline";

export interface CloseWeekOptions {
  weekStart: Date;
  now: Date;
  /** contract weeks per transaction */
  chunkSize?: number;
  /** reads and chunk transactions in flight at once */
  parallel?: number;
  /** contracts one read brings in (with their segment counts, limits and pauses) */
  readPartSize?: number;
  /** Called with each part once read, before it is planned (tests see the close hold one part at a time). */
  onPartRead?: (part: { index: number; contracts: number }) => void;
  /** Called inside each chunk's transaction once its rows are written (tests and the crash drill use it). */
  onChunkWritten?: (chunk: { index: number; contracts: number }) => void | Promise<void>;
}

export interface CloseWeekResult {
  weekStart: string;
  /** contract weeks that needed an invoice */
  contractWeeks: number;
  /** invoices written by this run */
  invoicesCreated: number;
  /** contract weeks skipped because their data broke a rule (booked by a rerun once fixed) */
  skipped: Array<{ contractId: string; reason: string }>;
  /**
   * Where the time went: `read` the parts (contracts, segment counts, limits, pauses, and their
   * users' accounts), `plan` the rules in memory, `write` the chunk transactions. Reading, planning and writing overlap, so
   * these are the summed durations of each kind of step, not slices of the wall-clock time.
   */
  timingsMs: { read: number; plan: number; write: number };
}

interface ContractRow {
  id: string;
  client_id: string;
  freelancer_id: string;
  title: string;
  hourly_rate_cents: number;
  weekly_payment_cents: number;
  starts_at: Date;
  accepted_at: Date | null;
  ended_at: Date | null;
}

/** What every contract week of one close shares, worked out once. */
interface WeekContext {
  weekStart: Date;
  /** 2024-06-03 */
  week: string;
  /** R6.3 the hourly earnings' steps (hourlyMaturity; the earning and user ids are each transfer's) */
  hourlyMaturity: MaturityRow;
  /** R9.3 the weekly payment skips review, available 5 days after the close (skipReviewMaturity) */
  weeklyMaturity: MaturityRow;
  fees: string;
  account: (code: string) => string;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * R6.1 / R6.2 / R9 what one contract week books, from its data alone, appended to `out`; false
 * when it books nothing. Every rule runs (and may throw) before anything is appended.
 */
function planContractWeek(w: WeekContext, c: ContractRow, count: number, limitChanges: LimitChange[], pauses: PauseInterval[], out: ChunkBuilder): boolean {
  const { weekStart, week } = w;
  // Choice: a contract with no weekly-limit history has no limit (R4.1 null).
  const limitMinutes = limitChanges.length === 0 ? null : limitMinutesOf(effectiveWeeklyLimitHours(limitChanges, weekStart));
  const billableMinutes = billableMinutesOfCount(count, limitMinutes);
  const hourly = priceContractWeek({ billableMinutes, hourlyRateCents: c.hourly_rate_cents });
  const weekly =
    c.weekly_payment_cents > 0
      ? weeklyPaymentForWeek({ startedAt: activeFrom(c.starts_at, c.accepted_at), endedAt: c.ended_at, amountCents: c.weekly_payment_cents, weekStart, pauses })
      : null;
  const weeklyGross = weekly?.grossCents ?? 0;
  // Choice: a contract week with no segments and no weekly payment due gets no invoice.
  if (count === 0 && weeklyGross === 0) return false;

  const invoiceKey = `invoice:${c.id}:${week}`;
  const invoiceId = uuidFromKey(invoiceKey);
  const invoiceRef = referenceId("INV", weekStart, invoiceKey);
  const client = w.account(clientAccount(c.client_id));
  let hourlyTransfer: PlannedTransfer | null = null;
  let weeklyTransfer: PlannedTransfer | null = null;
  if (hourly.amountCents > 0) {
    const key = `close:${c.id}:${week}:hourly`;
    hourlyTransfer = {
      key, id: transferIdOf(key), type: "HOURLY", referenceId: invoiceRef,
      description: `Hourly: ${c.title}, week of ${week}: ${formatMinutes(billableMinutes)} at ${formatCents(c.hourly_rate_cents)}/h = ${formatCents(hourly.amountCents)}; service fee ${formatCents(hourly.serviceFeeCents)}, client fee ${formatCents(hourly.clientFeeCents)}`,
      legs: movingLegs(key, [
        { accountId: client, amountCents: -hourly.clientTotalCents },
        { accountId: w.account(freelancerAccount(c.freelancer_id, "in_review")), amountCents: hourly.netCents },
        { accountId: w.fees, amountCents: hourly.clientFeeCents + hourly.serviceFeeCents },
      ]),
      maturity: hourly.netCents > 0 ? w.hourlyMaturity : null,
    };
  }
  if (weekly && weeklyGross > 0) {
    const key = `close:${c.id}:${week}:weekly_payment`;
    weeklyTransfer = {
      key, id: transferIdOf(key), type: "WEEKLY_PAYMENT", referenceId: `${invoiceRef}-W`,
      description: `Weekly payment: ${c.title}, week of ${week}: ${weekly.percent}% of ${formatCents(c.weekly_payment_cents)} = ${formatCents(weeklyGross)}; service fee ${formatCents(weekly.serviceFeeCents)}, client fee ${formatCents(weekly.clientFeeCents)}`,
      legs: movingLegs(key, [
        { accountId: client, amountCents: -weekly.clientTotalCents },
        // R9.3 it skips review
        { accountId: w.account(freelancerAccount(c.freelancer_id, "pending")), amountCents: weekly.netCents },
        { accountId: w.fees, amountCents: weekly.clientFeeCents + weekly.serviceFeeCents },
      ]),
      maturity: weekly.netCents > 0 ? w.weeklyMaturity : null,
    };
  }
  out.invoice(c.id, [
    invoiceId, invoiceRef, c.id, billableMinutes, count * SLOT_MINUTES - billableMinutes, c.hourly_rate_cents, hourly.amountCents, weeklyGross,
    hourly.clientFeeCents + (weekly?.clientFeeCents ?? 0), hourly.serviceFeeCents + (weekly?.serviceFeeCents ?? 0),
    hourly.clientTotalCents + (weekly?.clientTotalCents ?? 0), hourly.clientFeeCents, hourly.serviceFeeCents, weeklyGross > 0 ? weekly!.percent : 0,
  ]);
  if (hourlyTransfer) out.transfer(invoiceId, c.freelancer_id, hourlyTransfer);
  if (weeklyTransfer) out.transfer(invoiceId, c.freelancer_id, weeklyTransfer);
  return true;
}

/**
 * R4.2 how many live segments each of the contracts `ids` has in the week: one index-only read,
 * one descent per contract straight to its week. The count is all the rules need (see
 * billableMinutesOfCount); the database holds each segment to its slot (segments_slot_aligned)
 * and each slot to one live segment (segments_contract_slot_live_key).
 */
async function readCounts(ids: readonly string[], weekStart: Date, weekEnd: Date): Promise<Map<string, number>> {
  const { rows } = await sql().query<{ id: string; n: number }>({
    name: "close-week:count-segments",
    text: `
      SELECT contract_id::text AS id, count(*)::int AS n
      FROM segments WHERE contract_id = ANY($1::uuid[]) AND slot_start >= $2 AND slot_start < $3 AND deleted_at IS NULL
      GROUP BY contract_id`,
    values: [`{${ids.join(",")}}`, weekStart, weekEnd],
  });
  return new Map(rows.map((r) => [r.id, r.n]));
}

/**
 * The contracts of the week that have no invoice for it yet ($1 week start, $2 week end). Segments
 * of a contract outside its span (or of an offer) are still billed: the data says the work was
 * accepted. Read in the order (client, id), so a chunk's entries touch each client's account once
 * and chunks in flight at the same time seldom share one (the balance trigger locks them until commit).
 */
const CONTRACTS_OF_WEEK = `
  ((c.starts_at < $2 AND (c.ended_at IS NULL OR c.ended_at > $1) AND c.status IN ('ACTIVE', 'PAUSED', 'ENDED')
      -- a contract ended before it started never ran (lib/contracts/change-status.ts): no weekly payment
      AND (c.ended_at IS NULL OR c.ended_at > c.starts_at))
    OR EXISTS (SELECT 1 FROM segments s WHERE s.contract_id = c.id AND s.slot_start >= $1 AND s.slot_start < $2 AND s.deleted_at IS NULL))
  AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.contract_id = c.id AND i.week_start = $1)`;

/** The first contract of a part, in the (client, id) order of the close. */
interface PartBound {
  client_id: string;
  id: string;
}

/** What planning one part needs: its contracts, and their segment counts, limit histories and pauses. */
interface ContractPart {
  contracts: ContractRow[];
  counts: Map<string, number>;
  limits: Map<string, LimitChange[]>;
  pauses: Map<string, PauseInterval[]>;
}

function groupBy<R extends { contract_id: string }, V>(rows: R[], value: (r: R) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const r of rows) {
    let list = out.get(r.contract_id);
    if (!list) out.set(r.contract_id, (list = []));
    list.push(value(r));
  }
  return out;
}

/**
 * The part of the week's contracts from `from` (included) to `to` (excluded; null: to the end),
 * then their counts, limits and pauses, and their users' ledger accounts (made before any chunk
 * holding them is written: a part is planned only once read).
 */
async function readPart(from: PartBound, to: PartBound | null, weekStart: Date, weekEnd: Date, ensureAccounts: typeof ensureAccountsForUsers): Promise<ContractPart> {
  const { rows: contracts } = await sql().query<ContractRow>({
    name: to ? "close-week:part" : "close-week:last-part",
    text: `
      SELECT c.id::text AS id, c.client_id::text AS client_id, c.freelancer_id::text AS freelancer_id, c.title, c.hourly_rate_cents, c.weekly_payment_cents, c.starts_at, c.accepted_at, c.ended_at
      FROM contracts c
      WHERE c.client_id >= $3 AND (c.client_id, c.id) >= ($3, $4) ${to ? "AND c.client_id <= $5 AND (c.client_id, c.id) < ($5, $6)" : ""}
        AND ${CONTRACTS_OF_WEEK}
      ORDER BY c.client_id, c.id`,
    values: [weekStart, weekEnd, from.client_id, from.id, ...(to ? [to.client_id, to.id] : [])],
  });
  const ids = `{${contracts.map((c) => c.id).join(",")}}`;
  const [counts, { rows: limits }, { rows: pauses }] = await Promise.all([
    readCounts(contracts.map((c) => c.id), weekStart, weekEnd),
    sql().query<{ contract_id: string; limit_minutes: number | null; requested_at: Date }>({
      name: "close-week:limits",
      text: `
        SELECT contract_id::text AS contract_id, limit_minutes, requested_at FROM weekly_limit_changes
        WHERE contract_id = ANY($1::uuid[]) AND requested_at < $2 ORDER BY contract_id, requested_at, id`,
      values: [ids, weekEnd],
    }),
    sql().query<{ contract_id: string; started_at: Date; ended_at: Date | null }>({
      name: "close-week:pauses",
      text: `
        SELECT contract_id::text AS contract_id, started_at, ended_at FROM contract_pauses
        WHERE contract_id = ANY($1::uuid[]) AND started_at < $3 AND (ended_at IS NULL OR ended_at > $2)`,
      values: [ids, weekStart, weekEnd],
    }),
    ensureAccounts([...new Set(contracts.map((c) => c.freelancer_id))], [...new Set(contracts.map((c) => c.client_id))]),
  ]);
  return {
    contracts,
    counts,
    limits: groupBy(limits, (l) => ({ at: l.requested_at, limitHours: l.limit_minutes === null ? null : l.limit_minutes / 60 })),
    pauses: groupBy(pauses, (p) => ({ from: p.started_at, to: p.ended_at })),
  };
}

// One chunk in one statement: the invoices not written yet (the unique contract week decides),
// and only for those the transfers, their maturities and their entries (the ledger's rows through
// book.ts's writers, the only ones). Every row of the close
// is dated at the close instant ($2). The entries come last: their balance trigger locks the
// accounts (the platform's among them) until commit, so chunks in flight queue on each other
// only there.
const WRITE_CHUNK = `
  WITH inv AS (
    INSERT INTO invoices (id, reference_id, contract_id, week_start, billed_minutes, over_limit_minutes, hourly_rate_cents, hourly_amount_cents,
      weekly_payment_cents, client_fee_cents, service_fee_cents, total_charged_cents, hourly_client_fee_cents, hourly_service_fee_cents, weekly_payment_percent, closed_at)
    SELECT x.id, x.reference_id, x.contract_id, $1, x.billed_minutes, x.over_limit_minutes, x.hourly_rate_cents, x.hourly_amount_cents,
      x.weekly_payment_cents, x.client_fee_cents, x.service_fee_cents, x.total_charged_cents, x.hourly_client_fee_cents, x.hourly_service_fee_cents, x.weekly_payment_percent, $2
    FROM unnest($3::uuid[], $4::text[], $5::uuid[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[], $12::int[], $13::int[], $14::int[], $15::int[], $16::int[])
      AS x(id, reference_id, contract_id, billed_minutes, over_limit_minutes, hourly_rate_cents, hourly_amount_cents, weekly_payment_cents, client_fee_cents,
        service_fee_cents, total_charged_cents, hourly_client_fee_cents, hourly_service_fee_cents, weekly_payment_percent)
    ON CONFLICT (contract_id, week_start) DO NOTHING
    RETURNING id, contract_id
  ), ${insertTransfersCte(
    "t",
    `SELECT x.id, x.reference_id, x.type, x.description, x.idempotency_key, $2::timestamptz AS created_at, inv.contract_id, inv.id AS invoice_id, x.id AS earning_id
    FROM unnest($17::uuid[], $18::uuid[], $19::text[], $20::text[], $21::text[], $22::text[]) AS x(id, invoice_id, reference_id, type, description, idempotency_key)
    JOIN inv ON inv.id = x.invoice_id`,
    ["contract_id", "invoice_id", "earning_id"],
  )}, m AS (
    INSERT INTO ledger_maturities (earning_id, user_id, stage, pending_at, available_at, due_at)
    SELECT x.earning_id, x.user_id, x.stage::"MaturityStage", x.pending_at, x.available_at, CASE WHEN x.stage = 'PENDING' THEN x.pending_at ELSE x.available_at END
    FROM unnest($23::uuid[], $24::uuid[], $25::text[], $26::timestamptz[], $27::timestamptz[]) AS x(earning_id, user_id, stage, pending_at, available_at)
    WHERE x.earning_id IN (SELECT id FROM t)
    ON CONFLICT (earning_id) DO NOTHING
  ), ${insertEntriesCte(
    "e",
    `SELECT x.transfer_id, x.account_id, x.amount_cents, $2::timestamptz AS created_at
    FROM unnest($28::uuid[], $29::uuid[], $30::bigint[]) AS x(transfer_id, account_id, amount_cents)`,
    "t",
  )}
  SELECT count(*)::int AS n FROM inv`;

/**
 * PostgreSQL array literals, one per column, built in one pass: pg's own array serialization
 * (an escaping call per element) cost more CPU than the rest of the close's Node side. uuids,
 * integers, enum labels and ISO instants need no quoting; text is quoted, \ and " escaped.
 */
class ArrayLiteral {
  private text = "{";
  private empty = true;
  push(value: string | number | null): void {
    this.text += (this.empty ? "" : ",") + (value === null ? "NULL" : value);
    this.empty = false;
  }
  pushText(value: string): void {
    const quoted = value.includes("\"") || value.includes("\\") ? value.replace(/[\\"]/g, "\\$&") : value;
    this.text += (this.empty ? "\"" : ",\"") + quoted + "\"";
    this.empty = false;
  }
  toString(): string {
    return `${this.text}}`;
  }
}

/** One transfer of a contract week: its legs already checked (book.ts movingLegs), and its earning's maturity. */
interface PlannedTransfer {
  id: string;
  key: string;
  type: "HOURLY" | "WEEKLY_PAYMENT";
  referenceId: string;
  description: string;
  legs: EntryDraft[];
  maturity: MaturityRow | null;
}

/** The parameters of one WRITE_CHUNK, appended to contract week by contract week as they are planned. */
class ChunkBuilder {
  weeks = 0;
  firstContractId = "";
  private readonly inv = Array.from({ length: 14 }, () => new ArrayLiteral());
  private readonly tr = Array.from({ length: 6 }, () => new ArrayLiteral());
  private readonly mat = Array.from({ length: 5 }, () => new ArrayLiteral());
  private readonly ent = Array.from({ length: 3 }, () => new ArrayLiteral());

  /** id, reference, contract, then the money columns in WRITE_CHUNK's order */
  invoice(contractId: string, columns: [string, string, string, ...number[]]): void {
    if (this.weeks++ === 0) this.firstContractId = contractId;
    this.inv[0]!.push(columns[0]);
    this.inv[1]!.pushText(columns[1]);
    for (let i = 2; i < columns.length; i++) this.inv[i]!.push(columns[i]!);
  }

  transfer(invoiceId: string, freelancerId: string, t: PlannedTransfer): void {
    this.tr[0]!.push(t.id);
    this.tr[1]!.push(invoiceId);
    this.tr[2]!.pushText(t.referenceId);
    this.tr[3]!.push(t.type);
    this.tr[4]!.pushText(t.description);
    this.tr[5]!.pushText(t.key);
    for (const leg of t.legs) {
      this.ent[0]!.push(t.id);
      this.ent[1]!.push(leg.accountId);
      this.ent[2]!.push(leg.amountCents);
    }
    const m = t.maturity;
    if (m) {
      this.mat[0]!.push(t.id);
      this.mat[1]!.push(freelancerId);
      this.mat[2]!.push(m.stage);
      this.mat[3]!.push(m.pendingAt?.toISOString() ?? null);
      this.mat[4]!.push(m.availableAt.toISOString());
    }
  }

  values(weekStart: Date): unknown[] {
    return [weekStart, weekCloseAt(weekStart), ...[...this.inv, ...this.tr, ...this.mat, ...this.ent].map(String)];
  }
}

/** Writes one chunk (see WRITE_CHUNK) and returns how many invoices it wrote. */
async function writeChunk(client: pg.PoolClient, weekStart: Date, chunk: ChunkBuilder): Promise<number> {
  const { rows } = await client.query<{ n: number }>({ name: "close-week:write-chunk", text: WRITE_CHUNK, values: chunk.values(weekStart) });
  return rows[0]!.n;
}

/**
 * One chunk's transaction on a connection of its own, run again on a serialization failure or a
 * deadlock. Two processes closing the same week take turns per chunk (advisory lock); the unique
 * keys would hold without it.
 */
async function writeChunkTransaction(lock: string, run: (client: pg.PoolClient) => Promise<number>): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const client = await sql().connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [lock]);
      const count = await run(client);
      await client.query("COMMIT");
      return count;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      if (attempt < 5 && isRetryable(error)) continue;
      throw error;
    } finally {
      client.release();
    }
  }
}

/** R1.3 the weekly close of the week starting `weekStart`, at or after its close instant. */
export async function closeWeek(opts: CloseWeekOptions): Promise<CloseWeekResult> {
  const weekStart = new Date(assertWeekStart(opts.weekStart, "week"));
  const weekEnd = weekEndOf(weekStart);
  if (opts.now < weekCloseAt(weekStart)) {
    // R1.3 until the close the freelancer may still edit the week
    throw new ApiError("validation_failed", `The week of ${isoDay(weekStart)} closes at ${weekCloseAt(weekStart).toISOString()}.`, {
      fields: { week: "This week has not closed yet." },
    });
  }
  const timings = { read: 0, plan: 0, write: 0 };
  const t0 = performance.now();
  const partSize = Math.max(1, opts.readPartSize ?? 1000);
  // Choice: only the first contract of each part is held for the whole close; a part's contracts,
  // limits, pauses and counts are read when its turn comes and dropped once planned, so memory stays
  // flat however large the week (issue 17: no step holds a whole week; bench/close-scale.bench.ts).
  const [, { rows: bounds }] = await Promise.all([
    sql().query("INSERT INTO week_closes (week_start, started_at) VALUES ($1, $2) ON CONFLICT (week_start) DO NOTHING", [weekStart, opts.now]),
    sql().query<PartBound>({
      name: "close-week:part-bounds",
      text: `
        SELECT client_id, id FROM (
          SELECT c.client_id::text AS client_id, c.id::text AS id, row_number() OVER (ORDER BY c.client_id, c.id) AS n
          FROM contracts c WHERE ${CONTRACTS_OF_WEEK}) x
        WHERE (n - 1) % $3 = 0 ORDER BY n`,
      values: [weekStart, weekEnd, partSize],
    }),
    ensureAccountsForUsers([], []), // the platform's, even for a week with no contract
  ]);
  const t1 = performance.now();
  timings.read += t1 - t0;

  // account ids of the part being planned (a client's contracts are consecutive), cleared at each part
  const ids = new Map<string, string>();
  const account = (code: string) => {
    let id = ids.get(code);
    if (id === undefined) ids.set(code, (id = accountIdOf(code)));
    return id;
  };
  const context: WeekContext = {
    weekStart, week: isoDay(weekStart),
    hourlyMaturity: hourlyMaturity("", "", weekStart), weeklyMaturity: skipReviewMaturity("", "", weeklyPaymentAvailableAt(weekStart)),
    fees: accountIdOf(PLATFORM_FEES), account,
  };
  timings.plan += performance.now() - t1;

  const chunkSize = Math.max(1, opts.chunkSize ?? 1000);
  // Parts read at the same time make their users' accounts one after the other: two inserts of
  // overlapping accounts in different orders can deadlock each other.
  let accountsTurn = Promise.resolve();
  const ensureAccountsInTurn = (freelancerIds: readonly string[], clientIds: readonly string[]) =>
    (accountsTurn = accountsTurn.catch(() => undefined).then(() => ensureAccountsForUsers(freelancerIds, clientIds)));
  const skipped: CloseWeekResult["skipped"] = [];
  let building = new ChunkBuilder();
  let planned = 0;
  let created = 0;

  await runPipeline<ContractPart, ChunkBuilder>({
    parts: bounds.length,
    parallel: opts.parallel ?? 2,
    read: async (index) => {
      const r0 = performance.now();
      const part = await readPart(bounds[index]!, bounds[index + 1] ?? null, weekStart, weekEnd, ensureAccountsInTurn);
      timings.read += performance.now() - r0;
      opts.onPartRead?.({ index, contracts: part.contracts.length });
      return part;
    },
    // contract weeks planned in the order read, cut into chunks of chunkSize
    plan: (part, _index, last) => {
      const p0 = performance.now();
      ids.clear();
      const full: ChunkBuilder[] = [];
      for (const c of part.contracts) {
        try {
          if (!planContractWeek(context, c, part.counts.get(c.id) ?? 0, part.limits.get(c.id) ?? [], part.pauses.get(c.id) ?? [], building)) continue;
        } catch (error) {
          // Choice: one contract's broken data does not hold up everyone's close; it is reported and a rerun books it once fixed.
          skipped.push({ contractId: c.id, reason: error instanceof Error ? error.message : String(error) });
          continue;
        }
        planned++;
        if (building.weeks === chunkSize) {
          full.push(building);
          building = new ChunkBuilder();
        }
      }
      if (last && building.weeks > 0) full.push(building);
      timings.plan += performance.now() - p0;
      return full;
    },
    write: async (chunk, index) => {
      const w0 = performance.now();
      const count = await writeChunkTransaction(`close:${isoDay(weekStart)}:${chunk.firstContractId}`, async (client) => {
        const written = await writeChunk(client, weekStart, chunk);
        await opts.onChunkWritten?.({ index, contracts: written });
        return written;
      });
      created += count; // (not `created += await ...`: that would add to the value read before the await)
      timings.write += performance.now() - w0;
    },
  });

  if (skipped.length === 0) {
    await sql().query(
      `UPDATE week_closes SET completed_at = $2, invoices = (SELECT count(*) FROM invoices WHERE week_start = $1)
       WHERE week_start = $1 AND completed_at IS NULL`,
      [weekStart, opts.now],
    );
  }
  skipped.sort((a, b) => (a.contractId < b.contractId ? -1 : a.contractId > b.contractId ? 1 : 0));
  return { weekStart: weekStart.toISOString(), contractWeeks: planned, invoicesCreated: created, skipped, timingsMs: timings };
}

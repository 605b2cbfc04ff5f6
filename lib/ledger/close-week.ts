// No "server-only" marker: the demo seed runs this in plain Node, outside Next's react-server condition.
// R1.3 / R6 / R9 the weekly close: one invoice per contract week with its hourly
// line (billable segments within the weekly limit), the prorated weekly payment
// and both fees, booked to the ledger.
//
// Idempotent: every row's identity follows from (contract, week), so a rerun, or
// a second process, finds the invoice already there and books nothing twice
// (unique keys), and chunks are taken under an advisory lock so two processes do
// not even compute the same chunk at once. Resumable: each chunk of contract
// weeks commits on its own; a run killed half-way leaves whole chunks, and the
// next run books the rest with exactly the rows an uninterrupted run would have.
// Set-based: one SQL aggregate reads the week's segments, the rules run in
// memory (lib/billing), and each chunk is written with a few multi-row INSERTs.
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/api/errors";
import {
  SLOT_MS,
  assertWeekStart,
  classifySlots,
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
import { bookTransfers, transferIdOf, type TransferDraft } from "./book";
import { lockKey, transaction } from "./db";
import { referenceId, uuidFromKey } from "./ids";
import { hourlyMaturity, insertMaturities, skipReviewMaturity, type MaturityRow } from "./maturities";

export interface CloseWeekOptions {
  weekStart: Date;
  now: Date;
  /** contract weeks per transaction */
  chunkSize?: number;
  /** chunk transactions in flight at once */
  parallel?: number;
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
  /** where the time went: reading (the aggregate and friends), planning (the rules in memory, accounts), writing */
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
  ended_at: Date | null;
}

interface PlannedWeek {
  contractId: string;
  invoice: Record<string, unknown>;
  transfers: TransferDraft[];
  maturities: MaturityRow[];
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** R6.1 / R6.2 / R9 what one contract week books, from its data; pure apart from its inputs. */
function planContractWeek(
  c: ContractRow,
  weekStart: Date,
  slots: Uint8Array | undefined,
  limitChanges: LimitChange[],
  pauses: PauseInterval[],
  account: (code: string) => string,
): PlannedWeek | null {
  const ws = weekStart.getTime();
  const week = isoDay(weekStart);
  // Choice: a contract with no weekly-limit history has no limit (R4.1 null).
  const limitMinutes = limitChanges.length === 0 ? null : limitMinutesOf(effectiveWeeklyLimitHours(limitChanges, weekStart));
  const count = slots ? slots.length / 2 : 0;
  const indexes = new Uint16Array(count);
  for (let i = 0; i < count; i++) indexes[i] = (slots![2 * i]! << 8) | slots![2 * i + 1]!;
  indexes.sort();
  const slotStarts = new Float64Array(count);
  for (let i = 0; i < count; i++) slotStarts[i] = ws + indexes[i]! * SLOT_MS;
  const billableMinutes = classifySlots(ws, slotStarts, limitMinutes);
  const hourly = priceContractWeek({ billableMinutes, hourlyRateCents: c.hourly_rate_cents });
  const weekly =
    c.weekly_payment_cents > 0
      ? weeklyPaymentForWeek({ startedAt: c.starts_at, endedAt: c.ended_at, amountCents: c.weekly_payment_cents, weekStart, pauses })
      : null;
  const weeklyGross = weekly?.grossCents ?? 0;
  // Choice: a contract week with no segments and no weekly payment due gets no invoice.
  if (count === 0 && weeklyGross === 0) return null;

  const invoiceKey = `invoice:${c.id}:${week}`;
  const invoiceId = uuidFromKey(invoiceKey);
  const invoiceRef = referenceId("INV", weekStart, invoiceKey);
  const closedAt = weekCloseAt(weekStart);
  const client = account(clientAccount(c.client_id));
  const fees = account(PLATFORM_FEES);
  const link = { contractId: c.id, invoiceId, createdAt: closedAt, earningId: "self" as const };
  const transfers: TransferDraft[] = [];
  const maturities: MaturityRow[] = [];
  if (hourly.amountCents > 0) {
    const key = `close:${c.id}:${week}:hourly`;
    transfers.push({
      ...link, key, type: "HOURLY", referenceId: invoiceRef,
      description: `Hourly: ${c.title}, week of ${week}: ${formatMinutes(billableMinutes)} at ${formatCents(c.hourly_rate_cents)}/h = ${formatCents(hourly.amountCents)}; service fee ${formatCents(hourly.serviceFeeCents)}, client fee ${formatCents(hourly.clientFeeCents)}`,
      entries: [
        { accountId: client, amountCents: -hourly.clientTotalCents },
        { accountId: account(freelancerAccount(c.freelancer_id, "in_review")), amountCents: hourly.netCents },
        { accountId: fees, amountCents: hourly.clientFeeCents + hourly.serviceFeeCents },
      ],
    });
    if (hourly.netCents > 0) maturities.push(hourlyMaturity(transferIdOf(key), c.freelancer_id, weekStart));
  }
  if (weekly && weeklyGross > 0) {
    const key = `close:${c.id}:${week}:weekly_payment`;
    transfers.push({
      ...link, key, type: "WEEKLY_PAYMENT", referenceId: `${invoiceRef}-W`,
      description: `Weekly payment: ${c.title}, week of ${week}: ${weekly.percent}% of ${formatCents(c.weekly_payment_cents)} = ${formatCents(weeklyGross)}; service fee ${formatCents(weekly.serviceFeeCents)}, client fee ${formatCents(weekly.clientFeeCents)}`,
      entries: [
        { accountId: client, amountCents: -weekly.clientTotalCents },
        // R9.3 it skips review
        { accountId: account(freelancerAccount(c.freelancer_id, "pending")), amountCents: weekly.netCents },
        { accountId: fees, amountCents: weekly.clientFeeCents + weekly.serviceFeeCents },
      ],
    });
    if (weekly.netCents > 0) maturities.push(skipReviewMaturity(transferIdOf(key), c.freelancer_id, weeklyPaymentAvailableAt(weekStart)));
  }
  const invoice = {
    id: invoiceId, reference_id: invoiceRef, contract_id: c.id, week_start: weekStart.toISOString(),
    billed_minutes: billableMinutes, over_limit_minutes: count * (SLOT_MS / 60_000) - billableMinutes,
    hourly_rate_cents: c.hourly_rate_cents, hourly_amount_cents: hourly.amountCents, weekly_payment_cents: weeklyGross,
    client_fee_cents: hourly.clientFeeCents + (weekly?.clientFeeCents ?? 0), service_fee_cents: hourly.serviceFeeCents + (weekly?.serviceFeeCents ?? 0),
    total_charged_cents: hourly.clientTotalCents + (weekly?.clientTotalCents ?? 0),
    hourly_client_fee_cents: hourly.clientFeeCents, hourly_service_fee_cents: hourly.serviceFeeCents,
    weekly_payment_percent: weeklyGross > 0 ? weekly!.percent : 0, closed_at: closedAt.toISOString(),
  };
  return { contractId: c.id, invoice, transfers, maturities };
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
  const prisma = db();
  const t0 = performance.now();
  await prisma.$executeRaw`INSERT INTO week_closes (week_start, started_at) VALUES (${weekStart}, ${opts.now}) ON CONFLICT (week_start) DO NOTHING`;

  const [contracts, aggregates, limits, pauses, invoiced] = await Promise.all([
    prisma.$queryRaw<ContractRow[]>`
      SELECT c.id::text AS id, c.client_id::text AS client_id, c.freelancer_id::text AS freelancer_id, c.title, c.hourly_rate_cents, c.weekly_payment_cents, c.starts_at, c.ended_at
      FROM contracts c
      WHERE c.starts_at < ${weekEnd} AND (c.ended_at IS NULL OR c.ended_at > ${weekStart}) AND c.status <> 'OFFER'`,
    // The hot aggregate: each contract's live slots of the week as 2-byte slot numbers.
    prisma.$queryRaw<Array<{ id: string; slots: Uint8Array }>>`
      SELECT contract_id::text AS id, string_agg(int2send(((date_part('epoch', slot_start) - ${weekStart.getTime() / 1000}::float8) / 600)::int2), ''::bytea) AS slots
      FROM segments WHERE slot_start >= ${weekStart} AND slot_start < ${weekEnd} AND deleted_at IS NULL
      GROUP BY contract_id`,
    prisma.$queryRaw<Array<{ contract_id: string; limit_minutes: number | null; requested_at: Date }>>`
      SELECT contract_id::text AS contract_id, limit_minutes, requested_at FROM weekly_limit_changes
      WHERE requested_at < ${weekEnd} ORDER BY contract_id, requested_at, id`,
    prisma.$queryRaw<Array<{ contract_id: string; started_at: Date; ended_at: Date | null }>>`
      SELECT contract_id::text AS contract_id, started_at, ended_at FROM contract_pauses
      WHERE started_at < ${weekEnd} AND (ended_at IS NULL OR ended_at > ${weekStart})`,
    prisma.$queryRaw<Array<{ contract_id: string }>>`SELECT contract_id::text AS contract_id FROM invoices WHERE week_start = ${weekStart}`,
  ]);

  const t1 = performance.now();
  const slotsOf = new Map(aggregates.map((a) => [a.id, a.slots]));
  // Segments of a contract outside its span (or of an offer) are still billed: the data says the work was accepted.
  const listed = new Set(contracts.map((c) => c.id));
  const strays = aggregates.filter((a) => !listed.has(a.id)).map((a) => a.id);
  if (strays.length > 0) {
    contracts.push(...(await prisma.$queryRaw<ContractRow[]>`
      SELECT c.id::text AS id, c.client_id::text AS client_id, c.freelancer_id::text AS freelancer_id, c.title, c.hourly_rate_cents, c.weekly_payment_cents, c.starts_at, c.ended_at
      FROM contracts c WHERE c.id = ANY(${strays}::uuid[])`));
  }
  const limitsOf = new Map<string, LimitChange[]>();
  for (const l of limits) {
    let list = limitsOf.get(l.contract_id);
    if (!list) limitsOf.set(l.contract_id, (list = []));
    list.push({ at: l.requested_at, limitHours: l.limit_minutes === null ? null : l.limit_minutes / 60 });
  }
  const pausesOf = new Map<string, PauseInterval[]>();
  for (const p of pauses) {
    let list = pausesOf.get(p.contract_id);
    if (!list) pausesOf.set(p.contract_id, (list = []));
    list.push({ from: p.started_at, to: p.ended_at });
  }
  const done = new Set(invoiced.map((r) => r.contract_id));
  const todo = contracts.filter((c) => !done.has(c.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  await ensureAccountsForUsers([...new Set(todo.map((c) => c.freelancer_id))], [...new Set(todo.map((c) => c.client_id))]);
  const ids = new Map<string, string>();
  const account = (code: string) => {
    let id = ids.get(code);
    if (id === undefined) ids.set(code, (id = accountIdOf(code)));
    return id;
  };

  const skipped: CloseWeekResult["skipped"] = [];
  const planned: PlannedWeek[] = [];
  for (const c of todo) {
    try {
      const plan = planContractWeek(c, weekStart, slotsOf.get(c.id), limitsOf.get(c.id) ?? [], pausesOf.get(c.id) ?? [], account);
      if (plan) planned.push(plan);
    } catch (error) {
      // Choice: one contract's broken data does not hold up everyone's close; it is reported and a rerun books it once fixed.
      skipped.push({ contractId: c.id, reason: error instanceof Error ? error.message : String(error) });
    }
  }

  const t2 = performance.now();
  const chunkSize = Math.max(1, opts.chunkSize ?? 1000);
  const chunks: PlannedWeek[][] = [];
  for (let i = 0; i < planned.length; i += chunkSize) chunks.push(planned.slice(i, i + chunkSize));
  let created = 0;
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (failure === null && next < chunks.length) {
      const index = next++;
      const chunk = chunks[index]!;
      try {
        const count = await transaction(
          async (tx) => {
            // Two processes closing the same week take turns per chunk; the unique keys would hold without it.
            await lockKey(tx, `close:${isoDay(weekStart)}:${chunk[0]!.contractId}`);
            const written = await tx.$queryRaw<Array<{ contract_id: string }>>`
              INSERT INTO invoices (id, reference_id, contract_id, week_start, billed_minutes, over_limit_minutes, hourly_rate_cents, hourly_amount_cents,
                weekly_payment_cents, client_fee_cents, service_fee_cents, total_charged_cents, hourly_client_fee_cents, hourly_service_fee_cents, weekly_payment_percent, closed_at)
              SELECT x.* FROM json_to_recordset(${JSON.stringify(chunk.map((p) => p.invoice))}::json) AS x(id uuid, reference_id text, contract_id uuid, week_start timestamptz,
                billed_minutes int, over_limit_minutes int, hourly_rate_cents int, hourly_amount_cents int, weekly_payment_cents int, client_fee_cents int,
                service_fee_cents int, total_charged_cents int, hourly_client_fee_cents int, hourly_service_fee_cents int, weekly_payment_percent int, closed_at timestamptz)
              ON CONFLICT (contract_id, week_start) DO NOTHING
              RETURNING contract_id::text AS contract_id`;
            const fresh = new Set(written.map((w) => w.contract_id));
            const mine = chunk.filter((p) => fresh.has(p.contractId));
            const booked = await bookTransfers(tx, mine.flatMap((p) => p.transfers));
            await insertMaturities(tx, mine.flatMap((p) => p.maturities).filter((m) => booked.has(m.earningId)));
            await opts.onChunkWritten?.({ index, contracts: mine.length });
            return mine.length;
          },
          { timeoutMs: 300_000 },
        );
        created += count;
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.parallel ?? 2) }, worker));
  if (failure !== null) throw failure;

  if (skipped.length === 0) {
    await prisma.$executeRaw`
      UPDATE week_closes SET completed_at = ${opts.now}, invoices = (SELECT count(*) FROM invoices WHERE week_start = ${weekStart})
      WHERE week_start = ${weekStart} AND completed_at IS NULL`;
  }
  const t3 = performance.now();
  return { weekStart: weekStart.toISOString(), contractWeeks: planned.length, invoicesCreated: created, skipped, timingsMs: { read: t1 - t0, plan: t2 - t1, write: t3 - t2 } };
}

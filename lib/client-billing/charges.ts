// No "server-only" marker: the weekly-close job runs this from plain Node (the demo seed) as well.
// R14.2-R14.4 weekly charges: made set-based after the close, tried at the provider with each attempt
// committed (with its idempotency key) as PROCESSING before the call, retried at close + 1 and + 3
// days, past due after the third failure, written off at close + 30 days. Safe from several workers:
// charges are claimed FOR UPDATE SKIP LOCKED and a partial unique index allows one attempt in flight.
import { sql } from "@/lib/db/client";
import { bonusPayment, chargeWriteOffAt, nextChargeRetryAt, SCHEDULED_CHARGE_ATTEMPTS } from "@/lib/billing";
import { formatCents } from "@/lib/format/money";
import { PLATFORM_FEES, clientAccount, clientAccountSpecs, ensureAccounts, freelancerAccount, freelancerAccountSpecs, idOf, platformAccountSpecs } from "@/lib/ledger/accounts";
import { bookTransfers, transferIdOf } from "@/lib/ledger/book";
import { insertMaturities, skipReviewMaturity } from "@/lib/ledger/maturities";
import { Prisma } from "@/lib/generated/prisma/client";
import { referenceId, uuidFromKey } from "@/lib/ledger/ids";
import { transaction, type Tx } from "@/lib/ledger/db";
import { notify, type RealtimeEvent } from "@/lib/realtime/notify";
import { paymentProvider } from "./provider";
import { ProviderUnavailableError, type ProviderChargeResult } from "./provider-types";
import { bookCharges, holdUnpaidWeek, releaseHolds, writeOffCharge, type SettledCharge } from "./charge-money";
import { announceChargesFailed, pauseForPastDue, resumeAfterPayment } from "./past-due";

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export const NO_METHOD_MESSAGE = "No billing method: add one in Settings › Billing";
const BONUS_NOT_CHARGED_MESSAGE = "The payment provider never made this charge, so no bonus was paid. Pay the bonus again.";

/**
 * Choice: an attempt still PROCESSING this long after it started belongs to a worker that died
 * mid-call; it is reconciled with the provider like a lost answer.
 */
const STALE_ATTEMPT_MS = 2 * 60_000;

// ------------------------------------------------------------------ weekly charges

/**
 * R14.2 one WEEKLY charge per client with invoices of the week: the sum of their totals (invoices plus
 * client fees), due at once. Set-based (one INSERT ... SELECT ... GROUP BY, one UPDATE of the invoices),
 * idempotent, and serialised per week by an advisory lock.
 * Choice: an invoice written after its client's charge was first tried (a skipped contract booked by a
 * rerun of the close) is added to the charge only while no attempt was made; otherwise it stays uncharged.
 */
export async function createWeeklyCharges(weekStart: Date, now: Date): Promise<number> {
  const week = isoDay(weekStart);
  const client = await sql().connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`charges:${week}`]);
    const { rows: clients } = await client.query<{ client_id: string }>({
      name: "charges:clients-of-week",
      text: `SELECT DISTINCT c.client_id::text AS client_id FROM invoices i JOIN contracts c ON c.id = i.contract_id WHERE i.week_start = $1 AND i.charge_id IS NULL`,
      values: [weekStart],
    });
    if (clients.length === 0) {
      await client.query("COMMIT");
      return 0;
    }
    const ids: string[] = [];
    const refs: string[] = [];
    for (const { client_id } of clients) {
      const key = `charge:weekly:${client_id}:${week}`;
      ids.push(uuidFromKey(key));
      refs.push(referenceId("CHG", weekStart, key));
    }
    const { rowCount } = await client.query({
      name: "charges:create-weekly",
      text: `
        INSERT INTO charges (id, reference_id, client_id, kind, week_start, amount_cents, status, attempts, next_attempt_at, created_at)
        SELECT x.id, x.reference_id, x.client_id, 'WEEKLY', $1, s.amount, 'PENDING', 0, $2, $2
        FROM unnest($3::uuid[], $4::text[], $5::uuid[]) AS x(id, reference_id, client_id)
        JOIN (SELECT c.client_id, sum(i.total_charged_cents)::int AS amount FROM invoices i JOIN contracts c ON c.id = i.contract_id
              WHERE i.week_start = $1 AND i.charge_id IS NULL GROUP BY c.client_id) s ON s.client_id = x.client_id
        WHERE s.amount > 0
        ON CONFLICT (client_id, week_start) DO UPDATE SET amount_cents = charges.amount_cents + excluded.amount_cents
          WHERE charges.status = 'PENDING' AND charges.attempts = 0`,
      values: [weekStart, now, `{${ids.join(",")}}`, `{${refs.join(",")}}`, `{${clients.map((c) => c.client_id).join(",")}}`],
    });
    await client.query({
      name: "charges:link-invoices",
      text: `
        UPDATE invoices i SET charge_id = ch.id FROM contracts c, charges ch
        WHERE i.week_start = $1 AND i.charge_id IS NULL AND c.id = i.contract_id
          AND ch.client_id = c.client_id AND ch.week_start = $1 AND ch.status = 'PENDING' AND ch.attempts = 0`,
      values: [weekStart],
    });
    await client.query("COMMIT");
    return rowCount ?? 0;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * R14.2 the charges of every closed week whose invoices have none yet (the weekly close's own run, or a catch-up
 * after a crash between the close and its charges); returns how many charges were made.
 */
export async function chargeClosedWeeks(now: Date): Promise<number> {
  const { rows } = await sql().query<{ week_start: Date }>("SELECT DISTINCT week_start FROM invoices WHERE charge_id IS NULL AND closed_at <= $1 ORDER BY week_start", [now]);
  let made = 0;
  for (const r of rows) made += await createWeeklyCharges(r.week_start, now);
  return made;
}

// ------------------------------------------------------------------ attempts

export type AttemptTrigger = "close" | "retry" | "pay_now" | "bonus";

export interface ClaimedAttempt {
  attemptId: string;
  number: number;
  trigger: AttemptTrigger;
  idempotencyKey: string;
  charge: SettledCharge;
  /** the default method's provider token at that moment; null = none */
  token: string | null;
}

export type Outcome = { status: "succeeded"; providerChargeId: string } | { status: "declined"; code: string; message: string } | { status: "unknown" };

export interface ChargeRow {
  id: string;
  reference_id: string;
  client_id: string;
  kind: "WEEKLY" | "BONUS";
  week_start: Date | null;
  amount_cents: number;
  attempts: number;
}

const settledOf = (r: ChargeRow): SettledCharge => ({ id: r.id, referenceId: r.reference_id, clientId: r.client_id, amountCents: r.amount_cents, kind: r.kind, weekStart: r.week_start });

/** The clients' default verified billing methods, by client. */
async function defaultMethods(tx: Tx, clientIds: readonly string[]): Promise<Map<string, { id: string; token: string }>> {
  const rows = await tx.$queryRaw<Array<{ client_id: string; id: string; provider_token: string }>>`
    SELECT client_id::text AS client_id, id::text AS id, provider_token FROM billing_methods
    WHERE client_id = ANY(${[...clientIds]}::uuid[]) AND is_default AND status = 'VERIFIED' AND removed_at IS NULL`;
  return new Map(rows.map((r) => [r.client_id, { id: r.id, token: r.provider_token }]));
}

/**
 * Writes one PROCESSING attempt per charge (on the default method at that moment) and counts it on the charge;
 * a charge that already has one in flight gets none (the partial unique index decides). In the caller's transaction,
 * which holds the charges' row locks; the attempts are committed before any provider call.
 */
export async function startAttempts(
  tx: Tx,
  charges: readonly ChargeRow[],
  triggerOf: (c: ChargeRow) => AttemptTrigger,
  at: Date,
  opts: { keepSchedule?: boolean; idempotencyKey?: (c: ChargeRow, number: number) => string } = {},
): Promise<ClaimedAttempt[]> {
  if (charges.length === 0) return [];
  const methods = await defaultMethods(tx, [...new Set(charges.map((c) => c.client_id))]);
  const planned = charges.map((c) => {
    const number = c.attempts + 1;
    const method = methods.get(c.client_id) ?? null;
    return {
      attemptId: uuidFromKey(`charge-attempt:${c.id}:${number}`), number, trigger: triggerOf(c), idempotencyKey: opts.idempotencyKey?.(c, number) ?? `hg-charge:${c.id}:${number}`,
      charge: settledOf(c), token: method?.token ?? null, methodId: method?.id ?? null,
    };
  });
  const inserted = await tx.$queryRaw<Array<{ charge_id: string }>>`
    INSERT INTO charge_attempts (id, charge_id, number, trigger, method_id, idempotency_key, started_at, outcome)
    SELECT x.id, x.charge_id, x.number, x.trigger, x.method_id, x.idempotency_key, ${at}, 'PROCESSING'
    FROM json_to_recordset(${JSON.stringify(planned.map((p) => ({ id: p.attemptId, charge_id: p.charge.id, number: p.number, trigger: p.trigger, method_id: p.methodId, idempotency_key: p.idempotencyKey })))}::json)
      AS x(id uuid, charge_id uuid, number int, trigger text, method_id uuid, idempotency_key text)
    ON CONFLICT DO NOTHING
    RETURNING charge_id::text AS charge_id`;
  const started = new Set(inserted.map((r) => r.charge_id));
  if (started.size > 0) {
    await tx.$executeRaw`
      UPDATE charges SET attempts = attempts + 1${opts.keepSchedule ? Prisma.empty : Prisma.sql`, next_attempt_at = NULL`}
      WHERE id = ANY(${[...started]}::uuid[])`;
  }
  return planned.filter((p) => started.has(p.charge.id));
}

/** One call at the provider; a lost answer (or a provider that is down) is "unknown", reconciled later. */
export async function callProvider(a: ClaimedAttempt): Promise<Outcome> {
  if (a.token === null) return { status: "declined", code: "no_method", message: NO_METHOD_MESSAGE };
  try {
    const r = await paymentProvider().charge({
      token: a.token, amountCents: a.charge.amountCents, currency: "usd", idempotencyKey: a.idempotencyKey,
      description: `Hourglass ${a.charge.referenceId}`,
    });
    return outcomeOf(r);
  } catch (error) {
    if (error instanceof ProviderUnavailableError) return { status: "unknown" };
    throw error;
  }
}

const outcomeOf = (r: ProviderChargeResult): Outcome =>
  r.status === "succeeded" ? { status: "succeeded", providerChargeId: r.providerChargeId } : { status: "declined", code: r.code, message: r.message };

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

// ------------------------------------------------------------------ outcomes

/**
 * R14.5 attempts that succeeded, booked together: attempts closed, charges paid, one CHARGE transfer each;
 * for a charge that had failed before, its holds released and (once nothing is past due) its client's
 * contracts resumed. Returns the realtime events to publish after commit.
 */
export async function settleSucceeded(tx: Tx, done: ReadonlyArray<{ attempt: ClaimedAttempt; providerChargeId: string }>, at: Date): Promise<RealtimeEvent[]> {
  if (done.length === 0) return [];
  const ids = done.map((d) => d.attempt.charge.id).sort();
  const before = await tx.$queryRaw<Array<{ id: string; status: string }>>`
    SELECT id::text AS id, status::text AS status FROM charges WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  await tx.$executeRaw`
    UPDATE charge_attempts a SET outcome = 'SUCCEEDED', finished_at = ${at}, provider_charge_id = x.pid
    FROM json_to_recordset(${JSON.stringify(done.map((d) => ({ id: d.attempt.attemptId, pid: d.providerChargeId })))}::json) AS x(id uuid, pid text)
    WHERE a.id = x.id`;
  // Choice: a written-off charge that a late answer shows was paid after all stays written off; the money is the client's credit.
  await tx.$executeRaw`UPDATE charges SET status = 'SUCCEEDED', paid_at = ${at}, next_attempt_at = NULL WHERE id = ANY(${ids}::uuid[]) AND status <> 'WRITTEN_OFF'`;
  await bookCharges(tx, done.map((d) => d.attempt.charge), at);
  const events: RealtimeEvent[] = [];
  const failedBefore = new Set(before.filter((b) => b.status === "FAILED" || b.status === "PAST_DUE").map((b) => b.id));
  const clients = new Set<string>();
  for (const d of done) {
    if (!failedBefore.has(d.attempt.charge.id)) continue;
    await releaseHolds(tx, d.attempt.charge.id, at);
    clients.add(d.attempt.charge.clientId);
  }
  for (const clientId of clients) events.push(...(await resumeAfterPayment(tx, clientId, at)));
  return events;
}

/**
 * A declined attempt: closed with its reason; the charge FAILED (its week's unprotected earnings held at the
 * first failure, R14.4). A scheduled attempt (the close's or a retry) sets the next retry or, after the third,
 * makes the client past due (R14.3); the client is told. A pay-now attempt changes no schedule and is answered
 * on the page instead.
 */
export async function settleDeclined(tx: Tx, a: ClaimedAttempt, failure: { code: string; message: string }, at: Date): Promise<{ events: RealtimeEvent[]; pastDue: boolean }> {
  const r = await settleDeclinedMany(tx, [{ attempt: a, failure }], at);
  return { events: r.events, pastDue: r.pastDue > 0 };
}

type Declined = { attempt: ClaimedAttempt; failure: { code: string; message: string } };

/**
 * settleDeclined for attempts of different charges at once, set-based: the charges locked in id order, the
 * attempts closed, the holds of first failures made per week, the schedules written in one statement each; only
 * the past-due pauses and the client's notices are per charge.
 */
async function settleDeclinedMany(tx: Tx, declined: readonly Declined[], at: Date): Promise<{ events: RealtimeEvent[]; pastDue: number }> {
  if (declined.length === 0) return { events: [], pastDue: 0 };
  const ids = [...new Set(declined.map((d) => d.attempt.charge.id))].sort();
  const rows = await tx.$queryRaw<Array<{ id: string; status: string; failed_at: Date | null }>>`
    SELECT id::text AS id, status::text AS status, failed_at FROM charges WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  await tx.$executeRaw`
    UPDATE charge_attempts a SET outcome = 'DECLINED', finished_at = ${at}, failure_code = x.code, failure_message = x.message
    FROM json_to_recordset(${JSON.stringify(declined.map((d) => ({ id: d.attempt.attemptId, code: d.failure.code, message: d.failure.message })))}::json)
      AS x(id uuid, code text, message text)
    WHERE a.id = x.id`;
  const before = new Map(rows.map((r) => [r.id, r]));
  const live = declined.filter((d) => {
    const row = before.get(d.attempt.charge.id);
    return row !== undefined && row.status !== "SUCCEEDED" && row.status !== "WRITTEN_OFF";
  });
  // R14.4 the first failure of a weekly charge holds its week's unprotected earnings
  const firstFailures = new Map<string, { weekStart: Date; ids: string[] }>();
  for (const d of live) {
    const c = d.attempt.charge;
    if (c.kind !== "WEEKLY" || !c.weekStart || before.get(c.id)!.failed_at !== null) continue;
    const week = firstFailures.get(isoDay(c.weekStart)) ?? { weekStart: c.weekStart, ids: [] };
    week.ids.push(c.id);
    firstFailures.set(isoDay(c.weekStart), week);
  }
  for (const w of firstFailures.values()) await holdUnpaidWeek(tx, w.weekStart, w.ids, at);

  const scheduled = live.filter((d) => (d.attempt.trigger === "close" || d.attempt.trigger === "retry") && d.attempt.charge.weekStart);
  const unscheduled = live.filter((d) => !scheduled.includes(d));
  const events: RealtimeEvent[] = [];
  let pastDue = 0;
  if (scheduled.length > 0) {
    const counts = await tx.$queryRaw<Array<{ charge_id: string; n: number }>>`
      SELECT charge_id::text AS charge_id, count(*)::int AS n FROM charge_attempts
      WHERE charge_id = ANY(${scheduled.map((d) => d.attempt.charge.id)}::uuid[]) AND trigger IN ('close', 'retry') AND outcome = 'DECLINED'
      GROUP BY charge_id`;
    const failures = new Map(counts.map((c) => [c.charge_id, c.n]));
    const plans = scheduled.map((d) => {
      const c = d.attempt.charge;
      const n = failures.get(c.id) ?? 1;
      const next = n >= SCHEDULED_CHARGE_ATTEMPTS ? null : nextChargeRetryAt(c.weekStart!, n);
      const status = next === null || before.get(c.id)!.status === "PAST_DUE" ? "PAST_DUE" : "FAILED";
      return { d, next, pastDue: next === null, status };
    });
    await tx.$executeRaw`
      UPDATE charges c SET status = x.status::"ChargeStatus", failed_at = coalesce(c.failed_at, ${at}),
        past_due_at = CASE WHEN x.past_due THEN coalesce(c.past_due_at, ${at}) ELSE c.past_due_at END, next_attempt_at = x.next
      FROM json_to_recordset(${JSON.stringify(plans.map((p) => ({ id: p.d.attempt.charge.id, status: p.status, past_due: p.pastDue, next: p.next?.toISOString() ?? null })))}::json)
        AS x(id uuid, status text, past_due boolean, next timestamptz)
      WHERE c.id = x.id`;
    for (const p of plans.filter((x) => x.pastDue)) {
      pastDue++;
      events.push(...(await pauseForPastDue(tx, p.d.attempt.charge.clientId, at)));
    }
    events.push(...(await announceChargesFailed(tx, plans.map((p) => ({ charge: p.d.attempt.charge, message: p.d.failure.message, nextAttemptAt: p.next, pastDue: p.pastDue })))));
  }
  if (unscheduled.length > 0) {
    await tx.$executeRaw`
      UPDATE charges SET status = CASE WHEN status = 'PENDING' THEN 'FAILED'::"ChargeStatus" ELSE status END, failed_at = coalesce(failed_at, ${at})
      WHERE id = ANY(${unscheduled.map((d) => d.attempt.charge.id)}::uuid[])`;
  }
  return { events, pastDue };
}

/** Attempts whose answer was lost: UNKNOWN until reconciled. */
async function markUnknown(tx: Tx, lost: readonly ClaimedAttempt[]): Promise<void> {
  await tx.$executeRaw`UPDATE charge_attempts SET outcome = 'UNKNOWN' WHERE id = ANY(${lost.map((a) => a.attemptId)}::uuid[]) AND outcome = 'PROCESSING'`;
}

/** How many declines are booked in one transaction. */
const DECLINE_CHUNK = 50;

/** Books a batch of outcomes: the successes together, each failure in its own transaction. */
export async function settleOutcomes(attempts: readonly ClaimedAttempt[], outcomes: readonly Outcome[], at: Date): Promise<{ succeeded: number; failed: number; pastDue: number; unknown: number }> {
  const ok = attempts.flatMap((a, i) => {
    const o = outcomes[i]!;
    return o.status === "succeeded" ? [{ attempt: a, providerChargeId: o.providerChargeId }] : [];
  });
  const events: RealtimeEvent[] = [];
  if (ok.length > 0) events.push(...(await transaction((tx) => settleSucceeded(tx, ok, at))));
  const declined = attempts.flatMap((a, i): Declined[] => {
    const o = outcomes[i]!;
    return o.status === "declined" ? [{ attempt: a, failure: { code: o.code, message: o.message } }] : [];
  });
  const lost = attempts.filter((_, i) => outcomes[i]!.status === "unknown");
  let pastDue = 0;
  // Choice: declines are booked DECLINE_CHUNK to a transaction, set-based; a chunk that fails rolls back whole, its
  // attempts stay PROCESSING and are reconciled as stale (the provider answers the same decline under the same key).
  for (let from = 0; from < declined.length; from += DECLINE_CHUNK) {
    const chunk = declined.slice(from, from + DECLINE_CHUNK);
    const r = await transaction((tx) => settleDeclinedMany(tx, chunk, at), { timeoutMs: 60_000 });
    events.push(...r.events);
    pastDue += r.pastDue;
  }
  if (lost.length > 0) await transaction((tx) => markUnknown(tx, lost));
  const failed = declined.length;
  const unknown = lost.length;
  await notify(events);
  return { succeeded: ok.length, failed, pastDue, unknown };
}

// ------------------------------------------------------------------ the job

export interface ProcessDueResult {
  attempted: number;
  succeeded: number;
  failed: number;
  pastDue: number;
  writtenOff: number;
  reconciled: number;
}

/** Attempts whose answer was lost (or whose worker died mid-call), with what reconciling them needs. */
async function reconcileLost(now: Date): Promise<{ reconciled: number; succeeded: number; failed: number; pastDue: number }> {
  const rows = await sql().query<ChargeRow & { attempt_id: string; number: number; trigger: AttemptTrigger; idempotency_key: string; token: string | null; bonus_draft: BonusDraft | null }>({
    name: "charges:lost-attempts",
    text: `
      SELECT a.id::text AS attempt_id, a.number, a.trigger, a.idempotency_key, m.provider_token AS token, c.bonus_draft,
        c.id::text AS id, c.reference_id, c.client_id::text AS client_id, c.kind::text AS kind, c.week_start, c.amount_cents, c.attempts
      FROM charge_attempts a JOIN charges c ON c.id = a.charge_id LEFT JOIN billing_methods m ON m.id = a.method_id
      WHERE (c.kind = 'WEEKLY' OR c.bonus_draft IS NOT NULL) AND (a.outcome = 'UNKNOWN' OR (a.outcome = 'PROCESSING' AND a.started_at < $1))
      ORDER BY a.started_at LIMIT 1000`,
    values: [new Date(now.getTime() - STALE_ATTEMPT_MS)],
  });
  if (rows.rows.length === 0) return { reconciled: 0, succeeded: 0, failed: 0, pastDue: 0 };
  const attempts = rows.rows.map((r) => ({ attemptId: r.attempt_id, number: r.number, trigger: r.trigger, idempotencyKey: r.idempotency_key, charge: settledOf(r), token: r.token, draft: r.bonus_draft }));
  const outcomes = await mapBounded(attempts, 4, async (a): Promise<Outcome> => {
    try {
      const found = await paymentProvider().findCharge(a.idempotencyKey);
      if (found) return outcomeOf(found);
    } catch (error) {
      if (error instanceof ProviderUnavailableError) return { status: "unknown" };
      throw error;
    }
    // Choice: a bonus the provider never charged is not charged later behind the client's back: no bonus, the charge FAILED
    if (a.draft) return { status: "declined", code: "not_charged", message: BONUS_NOT_CHARGED_MESSAGE };
    // Choice: the provider never made it: the same attempt is sent again under the same key (never a second charge)
    return callProvider(a);
  });
  const weekly = attempts.flatMap((a, i) => (a.draft ? [] : [{ a, o: outcomes[i]! }]));
  const r = await settleOutcomes(weekly.map((w) => w.a), weekly.map((w) => w.o), now);
  const result = { reconciled: r.succeeded + r.failed, succeeded: r.succeeded, failed: r.failed, pastDue: r.pastDue };
  // R14.2 a bonus's lost answer: a charge the provider made books its bonus (never money taken without one).
  // Choice: such a bonus is paid (and its 5 days to available counted) from when the job learns the charge was made.
  // Choice: bonus charges from before bonus_draft existed have no bonus to book and are left for an admin.
  for (const [i, a] of attempts.entries()) {
    const o = outcomes[i]!;
    if (!a.draft || o.status === "unknown") continue;
    const draft = a.draft;
    if (o.status === "succeeded") await transaction((tx) => bookBonus(tx, draft, a, o.providerChargeId, now));
    else await transaction((tx) => settleDeclined(tx, a, o, now));
    result.reconciled++;
    if (o.status === "succeeded") result.succeeded++;
    else result.failed++;
  }
  return result;
}

/**
 * Claims up to `batchSize` due weekly charges and commits their attempts as PROCESSING, in one statement (so
 * committed before any provider call): the charges locked FOR UPDATE SKIP LOCKED, one attempt each on the default
 * method at that moment (the partial unique index allows one in flight), counted on the charge. startAttempts in SQL.
 */
async function claimDue(now: Date, batchSize: number, skip: readonly string[]): Promise<ClaimedAttempt[]> {
  const { rows } = await sql().query<ChargeRow & { attempt_id: string; number: number; trigger: AttemptTrigger; idempotency_key: string; token: string | null }>({
    name: "charges:claim-due",
    text: `
      WITH due AS (
        SELECT c.id, c.reference_id, c.client_id, c.kind, c.week_start, c.amount_cents, c.attempts
        FROM charges c
        WHERE c.status IN ('PENDING', 'FAILED') AND c.next_attempt_at <= $1 AND c.kind = 'WEEKLY'
          AND NOT (c.id = ANY($2::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM charge_attempts a WHERE a.charge_id = c.id AND a.outcome IN ('PROCESSING', 'UNKNOWN'))
        ORDER BY c.next_attempt_at, c.id
        LIMIT $3
        FOR UPDATE OF c SKIP LOCKED),
      planned AS (
        SELECT d.*, d.attempts + 1 AS number, m.id AS method_id, m.provider_token AS token
        FROM due d LEFT JOIN billing_methods m ON m.client_id = d.client_id AND m.is_default AND m.status = 'VERIFIED' AND m.removed_at IS NULL),
      started AS (
        INSERT INTO charge_attempts (id, charge_id, number, trigger, method_id, idempotency_key, started_at, outcome)
        SELECT hourglass_uuid('charge-attempt:' || p.id || ':' || p.number), p.id, p.number, CASE WHEN p.attempts = 0 THEN 'close' ELSE 'retry' END,
          p.method_id, 'hg-charge:' || p.id || ':' || p.number, $4, 'PROCESSING'
        FROM planned p
        ON CONFLICT DO NOTHING
        RETURNING id, charge_id, number, trigger, idempotency_key),
      counted AS (UPDATE charges c SET attempts = c.attempts + 1, next_attempt_at = NULL FROM started s WHERE c.id = s.charge_id RETURNING c.id)
      SELECT s.id::text AS attempt_id, s.number, s.trigger, s.idempotency_key, p.token,
        p.id::text AS id, p.reference_id, p.client_id::text AS client_id, p.kind::text AS kind, p.week_start, p.amount_cents, p.attempts
      FROM started s JOIN planned p ON p.id = s.charge_id
      ORDER BY p.id`,
    values: [now, `{${skip.join(",")}}`, batchSize, now],
  });
  return rows.map((r) => ({ attemptId: r.attempt_id, number: r.number, trigger: r.trigger, idempotencyKey: r.idempotency_key, charge: settledOf(r), token: r.token }));
}

/**
 * R14.4 writes off, one transaction each, the weekly charges still unpaid at close + 30 days.
 * Choice: a written-off client's contracts stay paused (the charge never succeeds); like a card network's
 * "uncollectible", the debt is settled outside the portal, and an admin decides what happens next.
 */
async function writeOffDue(now: Date): Promise<number> {
  // the close + 30 days is a fixed offset from the week's start
  const ref = new Date("2024-01-01T00:00:00Z");
  const latestWeek = new Date(now.getTime() - (chargeWriteOffAt(ref).getTime() - ref.getTime()));
  let count = 0;
  for (;;) {
    const done = await transaction(async (tx) => {
      const [c] = await tx.$queryRaw<ChargeRow[]>`
        SELECT c.id::text AS id, c.reference_id, c.client_id::text AS client_id, c.kind::text AS kind, c.week_start, c.amount_cents, c.attempts
        FROM charges c
        WHERE c.kind = 'WEEKLY' AND c.status IN ('FAILED', 'PAST_DUE') AND c.week_start <= ${latestWeek}
          AND NOT EXISTS (SELECT 1 FROM charge_attempts a WHERE a.charge_id = c.id AND a.outcome IN ('PROCESSING', 'UNKNOWN'))
        ORDER BY c.week_start, c.id LIMIT 1 FOR UPDATE OF c SKIP LOCKED`;
      if (!c) return false;
      await writeOffCharge(tx, settledOf(c), now);
      await tx.$executeRaw`UPDATE charges SET status = 'WRITTEN_OFF', written_off_at = ${now}, next_attempt_at = NULL WHERE id = ${c.id}::uuid`;
      return true;
    });
    if (!done) return count;
    count++;
  }
}

/**
 * R14.3 / R14.4 everything due at `now`: lost answers reconciled, due attempts made (claimed in batches, at most
 * `concurrency` provider calls at once, each charge at most once per run), outcomes booked, write-offs made.
 */
export async function processDueCharges(now: Date, opts: { batchSize?: number; concurrency?: number } = {}): Promise<ProcessDueResult> {
  const batchSize = Math.max(1, opts.batchSize ?? 500);
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  const lost = await reconcileLost(now);
  const result: ProcessDueResult = { attempted: 0, succeeded: lost.succeeded, failed: lost.failed, pastDue: lost.pastDue, writtenOff: 0, reconciled: lost.reconciled };
  const seen: string[] = [];
  const add = (r: Awaited<ReturnType<typeof settleOutcomes>>) => {
    result.succeeded += r.succeeded;
    result.failed += r.failed;
    result.pastDue += r.pastDue;
  };
  // Choice: one batch is booked while the next is claimed and sent to the provider (its charges are not claimable
  // meanwhile: their attempts are PROCESSING until booked); bookings stay one after another, in batch order.
  let booking: Promise<Awaited<ReturnType<typeof settleOutcomes>>> | null = null;
  try {
    for (;;) {
      const claimed = await claimDue(now, batchSize, seen);
      if (claimed.length === 0) break;
      const outcomes = await mapBounded(claimed, concurrency, callProvider);
      // a declined charge may be due again at once (a late run past its retry instant): not twice in one run
      claimed.forEach((a, i) => {
        if (outcomes[i]!.status === "declined") seen.push(a.charge.id);
      });
      result.attempted += claimed.length;
      if (booking) add(await booking);
      booking = settleOutcomes(claimed, outcomes, now);
      booking.catch(() => undefined); // awaited below; this only keeps a failure from being reported as unhandled meanwhile
    }
  } finally {
    // a failed claim or call still books what the provider already answered
    if (booking) add(await booking);
  }
  result.writtenOff = await writeOffDue(now);
  return result;
}

/** The next instant the client-charges job has work: an attempt due (R14.3) or a write-off (R14.4); null when none. */
export async function nextChargeAttemptAt(now: Date): Promise<Date | null> {
  const { rows } = await sql().query<{ attempt: Date | null; unpaid_week: Date | null }>(
    `SELECT (SELECT min(next_attempt_at) FROM charges WHERE status IN ('PENDING', 'FAILED') AND next_attempt_at > $1) AS attempt,
       (SELECT min(week_start) FROM charges WHERE kind = 'WEEKLY' AND status IN ('FAILED', 'PAST_DUE')) AS unpaid_week`,
    [now],
  );
  const attempt = rows[0]?.attempt ?? null;
  const writeOff = rows[0]?.unpaid_week ? chargeWriteOffAt(rows[0].unpaid_week) : null;
  const candidates = [attempt, writeOff && writeOff > now ? writeOff : null].filter((d): d is Date => d !== null);
  return candidates.length > 0 ? new Date(Math.min(...candidates.map((d) => d.getTime()))) : null;
}

// ------------------------------------------------------------------ bonus charges
// Here rather than in lib/bonuses: the charges job books the bonus of a lost answer it finds was charged, and
// lib/bonuses (which charges through this folder) sits above it.

/** What a BONUS charge keeps of the bonus it pays for (charges.bonus_draft). */
export interface BonusDraft {
  contractId: string;
  amountCents: number;
  memo: string;
  payerId: string;
  /** the client-scoped idempotency key (`<client id>:<their key>`) */
  key: string;
}

/**
 * R8 / R14.5 the bonus of a charge that succeeded: its row, its BONUS transfer and maturity, and the CHARGE that
 * settles it, in the caller's transaction. False when the bonus was booked already (by the request or by the
 * charges job's reconciliation of a lost answer), and then nothing is booked.
 */
export async function bookBonus(tx: Tx, draft: BonusDraft, attempt: ClaimedAttempt, providerChargeId: string, now: Date): Promise<boolean> {
  const contract = await tx.contract.findUniqueOrThrow({ where: { id: draft.contractId }, select: { id: true, title: true, clientId: true, freelancerId: true } });
  const pay = bonusPayment(draft.amountCents, now);
  const accounts = await ensureAccounts([...clientAccountSpecs(contract.clientId), ...freelancerAccountSpecs(contract.freelancerId), ...platformAccountSpecs()], tx);
  const id = uuidFromKey(`bonus:${draft.key}`);
  const ref = referenceId("BON", now, `bonus:${draft.key}`);
  const transferKey = `bonus:${id}`;
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    INSERT INTO bonuses (id, reference_id, contract_id, amount_cents, client_fee_cents, service_fee_cents, memo, paid_at, paid_by_id, idempotency_key, charge_id)
    VALUES (${id}::uuid, ${ref}, ${contract.id}::uuid, ${pay.grossCents}, ${pay.clientFeeCents}, ${pay.serviceFeeCents}, ${draft.memo}, ${now}, ${draft.payerId}::uuid, ${draft.key}, ${attempt.charge.id}::uuid)
    ON CONFLICT (idempotency_key) DO NOTHING RETURNING id::text AS id`;
  if (rows.length === 0) return false;
  await bookTransfers(tx, [{
    key: transferKey, type: "BONUS", referenceId: ref, createdAt: now, contractId: contract.id, bonusId: id, earningId: "self",
    description: `Bonus: ${contract.title}: ${formatCents(pay.grossCents)} (${draft.memo}); service fee ${formatCents(pay.serviceFeeCents)}, client fee ${formatCents(pay.clientFeeCents)}`,
    entries: [
      { accountId: idOf(accounts, clientAccount(contract.clientId)), amountCents: -pay.clientTotalCents },
      // R8 skips review: pending until 5 days after it is paid
      { accountId: idOf(accounts, freelancerAccount(contract.freelancerId, "pending")), amountCents: pay.netCents },
      { accountId: idOf(accounts, PLATFORM_FEES), amountCents: pay.clientFeeCents + pay.serviceFeeCents },
    ],
  }]);
  if (pay.netCents > 0) await insertMaturities(tx, [skipReviewMaturity(transferIdOf(transferKey), contract.freelancerId, pay.availableAt)]);
  // R14.5 the charge settles what the bonus raised, in the same transaction
  await settleSucceeded(tx, [{ attempt, providerChargeId }], now);
  return true;
}

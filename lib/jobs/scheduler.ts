import "server-only";
// The job schedule on the same PostgreSQL (an equivalent of pg-boss's cron for
// our needs). Choice over pg-boss: its cron reads the machine clock, while R1.4
// has every job run on lib/clock's `now` (test and demo clocks); and every job
// here is a catch-up job that is idempotent and locks what it books, so what the
// scheduler must add is only "run each job about when due, by one worker at a
// time, and again after a crash": a row per job with its next run and a lease.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { db } from "@/lib/db/client";
import { countJobRun } from "@/lib/observability/metrics";

export interface JobDefinition {
  name: string;
  /** when to run next after a successful run at `now` */
  nextRunAfter(now: Date): Date | Promise<Date>;
  /** does the work due at `now`; returns a short summary for the log ("" logs nothing) */
  run(now: Date): Promise<string>;
  /** how long a crashed worker's run blocks the job (default 15 min); shorter for a job safe to run twice at once */
  leaseMs?: number;
}

export interface JobRun {
  name: string;
  ok: boolean;
  summary: string;
}

/** A failed run is retried after this long; a lease this long survives a crashed worker. */
const RETRY_MS = 60_000;
const LEASE_MS = 15 * 60_000;
/** Choice: workers on other machines may run this far ahead; only a schedule further ahead than that is pulled back. */
const CLOCK_SKEW_MS = 5 * 60_000;

export const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;

/** Runs each job that is due at `now` and not leased by another worker. */
export async function runDueJobs(now: Date, jobs: readonly JobDefinition[], opts: { worker?: string; log?: (line: string) => void } = {}): Promise<JobRun[]> {
  const prisma = db();
  const me = opts.worker ?? workerId;
  const runs: JobRun[] = [];
  const tickStarted = performance.now();
  for (const job of jobs) {
    await prisma.$executeRaw`INSERT INTO scheduled_jobs (name, next_run_at) VALUES (${job.name}, ${now}) ON CONFLICT (name) DO NOTHING`;
    // R1.4 a schedule never runs ahead of the clock: a next run or a lease later
    // than any this clock could have set (written under a clock set in the future,
    // then restarted on the real one) is treated as due and free, so the job runs
    // now instead of waiting for the fake future.
    // Choice: pulled back to now, not to the next regular run: every job is an
    // idempotent catch-up, so running at once books nothing twice and misses nothing.
    const latestNextRun = new Date(Math.max((await job.nextRunAfter(now)).getTime(), now.getTime() + RETRY_MS) + CLOCK_SKEW_MS);
    const leaseMs = job.leaseMs ?? LEASE_MS;
    const latestLease = new Date(now.getTime() + leaseMs + CLOCK_SKEW_MS);
    const claimed = await prisma.$queryRaw<{ next_run_at: Date }[]>`
      UPDATE scheduled_jobs SET locked_by = ${me}, locked_until = ${new Date(now.getTime() + leaseMs)}, last_started_at = ${now}
      WHERE name = ${job.name} AND (next_run_at <= ${now} OR next_run_at > ${latestNextRun})
        AND (locked_until IS NULL OR locked_until <= ${now} OR locked_until > ${latestLease})
      RETURNING next_run_at`;
    if (claimed.length === 0) continue;
    // hourglass_job_lag_seconds: how late this run starts against when it was due (earlier jobs of this tick included)
    const startedAt = performance.now();
    const lagSeconds = (now.getTime() + (startedAt - tickStarted) - new Date(claimed[0]?.next_run_at ?? now).getTime()) / 1000;
    const measure = (ok: boolean) => countJobRun(job.name, ok, lagSeconds, (performance.now() - startedAt) / 1000);
    try {
      const summary = await job.run(now);
      measure(true);
      await prisma.$executeRaw`
        UPDATE scheduled_jobs SET next_run_at = ${await job.nextRunAfter(now)}, locked_by = NULL, locked_until = NULL, last_finished_at = ${now}, last_error = NULL, runs = runs + 1
        WHERE name = ${job.name} AND locked_by = ${me}`;
      runs.push({ name: job.name, ok: true, summary });
      if (summary) opts.log?.(`[jobs] ${job.name}: ${summary}`); // an empty summary: nothing to say
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await prisma.$executeRaw`
        UPDATE scheduled_jobs SET next_run_at = ${new Date(now.getTime() + RETRY_MS)}, locked_by = NULL, locked_until = NULL, last_error = ${message.slice(0, 2000)}
        WHERE name = ${job.name} AND locked_by = ${me}`;
      measure(false);
      runs.push({ name: job.name, ok: false, summary: message });
      opts.log?.(`[jobs] ${job.name} failed: ${message}`);
    }
  }
  return runs;
}

/** The earliest next run among the jobs (the worker sleeps until then, or its poll interval). */
export async function nextDueAt(): Promise<Date | null> {
  const row = await db().scheduledJob.findFirst({ orderBy: { nextRunAt: "asc" }, select: { nextRunAt: true } });
  return row?.nextRunAt ?? null;
}

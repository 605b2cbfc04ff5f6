// npm run worker: runs the scheduled jobs (weekly close, earnings maturity,
// dispute deadlines, payouts, scheduled payouts) on lib/clock's time (R1.4).
// Any number of workers may run: each job is leased by one at a time, and every
// job is idempotent. Started by `npm run dev` / `npm start` with DATABASE_URL.
import { now } from "../lib/clock";
import { exitUnlessSafeEnvironment } from "../lib/config/environment";
import { db } from "../lib/db/client";
import { JOBS } from "../lib/jobs/definitions";
import { nextDueAt, runDueJobs, workerId } from "../lib/jobs/scheduler";
import { serveWorkerMetrics } from "../lib/observability/worker-metrics";
import { log, startLogging } from "../lib/observability/log";

// R1.4 refuses a fake clock (and weak realtime credentials) in production before any job runs.
// (before the logger takes over console: a refusal stays a readable list for the person starting it)
exitUnlessSafeEnvironment("worker", { realtime: true, mail: true });
startLogging("worker"); // in production JSON lines, console.* included; secrets scrubbed

const POLL_MS = Number(process.env.HOURGLASS_WORKER_POLL_MS ?? 5_000);
// Choice: HOURGLASS_WORKER_JOBS (comma-separated names) runs only those jobs; the e2e runner runs
// only the email outbox, so the money jobs never book behind a spec's back.
const only = process.env.HOURGLASS_WORKER_JOBS?.split(",").map((n) => n.trim()).filter(Boolean);
const jobs = only?.length ? JOBS.filter((j) => only.includes(j.name)) : JOBS;
// jobs' runs, lag and failures at http://METRICS_HOST:WORKER_METRICS_PORT/metrics (behind METRICS_TOKEN)
const metricsServer = await serveWorkerMetrics((line) => console.log(line));
let stopping = false;
let wake: (() => void) | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = true;
    wake?.();
  });
}

console.log(`[worker] ${workerId} running ${jobs.map((j) => j.name).join(", ")}`);
while (!stopping) {
  try {
    await runDueJobs(now(), jobs, { log: (line) => log.info(line) });
  } catch (err) {
    log.error("worker: tick failed", { err });
  }
  const next = await nextDueAt().catch(() => null);
  const wait = Math.max(250, Math.min(POLL_MS, next ? next.getTime() - now().getTime() : POLL_MS));
  await new Promise<void>((resolve) => {
    wake = resolve;
    setTimeout(resolve, wait);
  });
}
metricsServer?.close();
await db().$disconnect();
console.log("[worker] stopped");

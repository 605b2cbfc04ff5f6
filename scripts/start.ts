// npm start: production mode (or HOURGLASS_MODE=demo / test). Refuses an unsafe
// environment, builds when no build exists, applies migrations, then runs
// `next start`. Seeds demo data only with HOURGLASS_SEED_DEMO=1 (never in production).
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { prepare } from "./lib/prepare";
import { printBanner } from "./lib/banner";
import { onShutdown, shutdown, startProcess, waitForHttp } from "./lib/processes";
import { failInOneSentence } from "../lib/observability/log";
import { launcherRealtimeEnv } from "../lib/config/realtime";

// any failure from here on is one sentence (the stack with HOURGLASS_DEBUG=1), and stops what was started
failInOneSentence("npm start", (code) => void shutdown(code));
const port = Number(process.env.PORT ?? 3000);
const { db, env } = await prepare({ launcher: "start", seedWhenEmpty: process.env.HOURGLASS_SEED_DEMO === "1" });
if (db.embedded) onShutdown(db.stop);

// the build next.config.js serves (NEXT_DIST_DIR, .next by default)
if (!existsSync(`${env.NEXT_DIST_DIR || ".next"}/BUILD_ID`)) execFileSync("npx", ["next", "build"], { stdio: "inherit", env });
// Our Pusher-protocol server, unless hosted Pusher is configured (PUSHER_CLUSTER) or ours runs elsewhere.
// Choice: REALTIME_EXTERNAL=1 says `npm run realtime` runs on its own (another box, another unit); REALTIME_HOST/PORT point at it.
if (!env.PUSHER_CLUSTER && env.REALTIME_EXTERNAL !== "1") startProcess("realtime", "npx", ["tsx", "realtime/cli.ts"], launcherRealtimeEnv(port, env));
startProcess("worker", "npx", ["tsx", "--conditions=react-server", "scripts/worker.ts"], env);
// `next start` behind our own HTTP server, so route handlers know each request's socket address (scripts/web.ts).
startProcess("web", "npx", ["tsx", "scripts/web.ts", "--port", String(port), "--hostname", process.env.HOST ?? "0.0.0.0"], env);
const url = `http://127.0.0.1:${port}`;
await waitForHttp(`${url}/api/health`, 60_000);
if (process.env.HOURGLASS_SEED_DEMO === "1") printBanner(url);
else console.log(`Hourglass is running at ${url}`);
// Issue 20: what does not answer at start (S3, the realtime server, the database) is said in one line; the portal
// keeps running, as they may come up later, and GET /api/health/ready reports until they do.
const readiness = (await fetch(`${url}/api/health/ready`).then((res) => res.json()).catch(() => null)) as { ok: boolean; checks: Record<string, { ok: boolean; error?: string }> } | null;
if (readiness && !readiness.ok) {
  const failing = Object.entries(readiness.checks).filter(([, check]) => !check.ok);
  console.error(`Not ready: ${failing.map(([name, check]) => `${name} (${check.error ?? "failing"})`).join("; ")}; see ${url}/api/health/ready.`);
}
// R16.1 a production database with no admin: a one-time link for the first one
if (env.HOURGLASS_MODE === "production") {
  const { printAdminSetupLink } = await import("./lib/admin-setup");
  await printAdminSetupLink(db.url);
}

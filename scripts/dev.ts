// npm run dev: the portal with demo data on a fresh machine. Starts (or reuses)
// the embedded PostgreSQL unless DATABASE_URL is set, applies migrations, seeds
// the demo when the database is empty, then runs Next.js in dev mode.
import { prepare } from "./lib/prepare";
import { printBanner } from "./lib/banner";
import { onShutdown, shutdown, startProcess, waitForHttp } from "./lib/processes";
import { failInOneSentence } from "../lib/observability/log";
import { launcherRealtimeEnv } from "../lib/config/realtime";
import { startMailCatcher } from "./lib/mail-catcher";

// any failure from here on is one sentence (the stack with HOURGLASS_DEBUG=1), and stops what was started
failInOneSentence("npm run dev", (code) => void shutdown(code));
const port = Number(process.env.PORT ?? 3000);
const { db, env } = await prepare({ launcher: "dev", seedWhenEmpty: true });
if (db.embedded) onShutdown(db.stop);

// Choice: without SMTP_URL, emails go to a local mail catcher (its page lists them); nothing leaves the machine.
const catcher = env.SMTP_URL ? null : await startMailCatcher({ webPort: Number(process.env.MAIL_CATCHER_PORT ?? 1080) });
if (catcher) {
  onShutdown(catcher.close);
  env.SMTP_URL = catcher.smtpUrl;
}

// Our Pusher-protocol server, unless hosted Pusher is configured (PUSHER_CLUSTER).
if (!env.PUSHER_CLUSTER) startProcess("realtime", "npx", ["tsx", "realtime/cli.ts"], launcherRealtimeEnv(port, env));
startProcess("worker", "npx", ["tsx", "--conditions=react-server", "scripts/worker.ts"], env);
startProcess("web", "npx", ["next", "dev", "--port", String(port), "--hostname", "127.0.0.1"], env);
const url = `http://127.0.0.1:${port}`;
await waitForHttp(`${url}/api/health`, 120_000);
printBanner(url);
console.log(catcher ? `Emails the portal sends: ${catcher.webUrl} (local mail catcher; nothing leaves this machine)\n` : `Emails go out through SMTP_URL.\n`);

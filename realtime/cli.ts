// Starts the realtime server from the environment (npx tsx realtime/cli.ts): REALTIME_PORT (6001, 0 = any),
// REALTIME_HOST, PUSHER_APP_ID / PUSHER_KEY / PUSHER_SECRET, the optional REALTIME_* limits and the app's
// settings (lib/realtime/config.ts). Prints one line with the URL once it listens.
import { exitUnlessSafeEnvironment } from "../lib/config/environment";
import { realtimeAppSettings } from "../lib/config/realtime";
import { log, startLogging } from "../lib/observability/log";
import { createRealtimeServer } from "./server";

// Choice: the server's own events (each publish with the portal's request id, refusals, disconnects) are
// debug lines: at ingest rates one line per event would drown the log. REALTIME_DEBUG=1 or LOG_LEVEL=debug shows them.
if (process.env.REALTIME_DEBUG === "1" && !process.env.LOG_LEVEL) process.env.LOG_LEVEL = "debug";

// In production: no dev-default or short credentials, no fake clock (lib/config/environment).
// Choice: checked before the logger takes over console, so a refusal stays a readable list for the
// person starting it, as the worker's does.
exitUnlessSafeEnvironment("realtime", { realtime: true });
startLogging("realtime"); // in production JSON lines (console.* included); secrets scrubbed

function intFromEnv(name: string, fallback?: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}

const env = process.env;
const app = {
  id: env.PUSHER_APP_ID || "hourglass",
  key: env.PUSHER_KEY || "hourglass-key",
  secret: env.PUSHER_SECRET || "hourglass-secret",
};
const settings = realtimeAppSettings(env);

const server = await createRealtimeServer({
  port: intFromEnv("REALTIME_PORT", 6001),
  host: env.REALTIME_HOST || "127.0.0.1",
  apps: [{ ...app, clientEvents: settings.clientEvents, ...(settings.webhookUrl ? { webhook: { url: settings.webhookUrl } } : {}) }],
  maxConnectionsPerApp: intFromEnv("REALTIME_MAX_CONNECTIONS_PER_APP"),
  maxConnectionsPerAddress: intFromEnv("REALTIME_MAX_CONNECTIONS_PER_ADDRESS"),
  maxBufferedBytes: intFromEnv("REALTIME_MAX_BUFFERED_BYTES"),
  activityTimeoutSeconds: intFromEnv("REALTIME_ACTIVITY_TIMEOUT"),
  trustProxy: env.REALTIME_TRUST_PROXY === "1",
  log: (message, fields) => log.debug(message, fields),
});

console.log(`realtime: Pusher protocol server for app ${app.id} listening on ${server.url}`);

const shutdown = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);

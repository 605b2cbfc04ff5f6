import "server-only";
// What /metrics reads when it is scraped, on the web and the worker alike: the email outbox (one count
// and one min over the (status, next_attempt_at) index) and our realtime server's open connections.
// Each is cached for 5 s, so any number of scrapers costs the database at most one query per 5 s.
import { realtimeServerConfig } from "@/lib/config/realtime";
import { sql } from "@/lib/db/client";
import Pusher from "pusher";
import { setScrapeSources } from "./metrics";

const CACHE_MS = 5_000;

/** `read` at most once per CACHE_MS; callers within that time share the answer (or the pending read). */
function cached<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (!last || Date.now() - last.at >= CACHE_MS) last = { at: Date.now(), value: read() };
    return last.value;
  };
}

async function readOutbox(): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const { rows } = await sql().query<{ pending: number; oldest: number | null }>(
    `SELECT count(*)::int AS pending, extract(epoch FROM now() - min(created_at))::float8 AS oldest
     FROM email_outbox WHERE status IN ('pending', 'sending')`,
  );
  const row = rows[0];
  return { pending: row?.pending ?? 0, oldestAgeSeconds: Math.max(0, row?.oldest ?? 0) };
}

/**
 * Our realtime server's count (GET /apps/<id>/connections, signed like every REST call). Its own SDK
 * client from the settings, not lib/realtime's (lib/realtime logs through this folder: no folder loop).
 */
async function readRealtimeConnections(rest: Pusher): Promise<number> {
  const res = await rest.get({ path: "/connections" });
  const body = (await res.json()) as { connections?: unknown };
  if (typeof body.connections !== "number") throw new Error("The realtime server did not say how many connections it holds.");
  return body.connections;
}

/**
 * Gives this process's /metrics its scrape-time gauges. Choice: with hosted Pusher (PUSHER_CLUSTER) the
 * realtime gauge is left out rather than shown as 0: Pusher's REST API has no connection count (its
 * dashboard and its own stats integrations do).
 */
let registered = false;

export function registerScrapeSources(): void {
  if (registered) return;
  registered = true;
  const c = realtimeServerConfig();
  if (c.cluster) return setScrapeSources({ outbox: cached(readOutbox) });
  const rest = new Pusher({ appId: c.appId, key: c.key, secret: c.secret, useTLS: c.useTLS, host: c.host as string, port: c.port as string });
  setScrapeSources({ outbox: cached(readOutbox), realtimeConnections: cached(() => readRealtimeConnections(rest)) });
}

// No "server-only" marker: the demo seed and the benchmarks run this in plain Node.
// The one way the portal publishes realtime events. Call it only after the
// transaction that justified the events has committed (docs/development.md: side effects
// after commit). Events say what changed, never the source of truth; a lost
// one costs freshness, not data. A realtime outage never fails the caller:
// failures are logged and notify() resolves false.
import { channelsOf, type RealtimeEvent } from "./client/events";
import { log } from "../observability/log";
import { currentRequestId } from "../observability/request-context";

export type { RealtimeEvent } from "./client/events";

/** An event as a sink receives it, readable without narrowing (tests filter on `userId` and `data`). */
export type Notice = RealtimeEvent & { userId?: string; data?: Record<string, unknown> };

let sink: ((notice: Notice) => void) | null = null;

/** Send events somewhere else than realtime (tests, the seed and benchmarks, where no realtime server runs); null restores publishing. */
export function setNoticeSink(fn: ((notice: Notice) => void) | null): void {
  sink = fn;
}

/**
 * Publishes the events, each once (repeats in one call are dropped).
 * Choice: not tied to the request with next/server `after`: the portal runs as a
 * long-lived Node process, where a publish started before the response finishes anyway.
 */
export async function notify(events: RealtimeEvent | readonly RealtimeEvent[]): Promise<boolean> {
  const unique = dedupe(Array.isArray(events) ? events : [events as RealtimeEvent]);
  if (sink) {
    for (const e of unique) sink(e);
    return true;
  }
  const direct = unique.filter((e) => e.event !== "segment-changed");
  const queued = unique.filter((e) => e.event === "segment-changed");
  const sent = await Promise.all([...triggers(direct).map(trigger), ...(queued.length > 0 ? [queueSegmentChanges(queued)] : [])]);
  return sent.every(Boolean);
}

function dedupe(events: readonly RealtimeEvent[]): RealtimeEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface Trigger {
  channels: string[];
  event: string;
  data: object;
  excludeSocketId?: string;
}

/** The SDK client, loaded only when something is published (./publish is server-only; the seed never gets here). */
async function pusherServer() {
  return (await import("./publish")).pusherServer();
}

// The SDK and our server take up to 100 channels per call.
const MAX_CHANNELS = 100;

/** One REST call per event name and payload, for all the channels it goes to (a dispute's parties and admins in one). */
function triggers(events: readonly RealtimeEvent[]): Trigger[] {
  const byPayload = new Map<string, Trigger>();
  for (const e of events) {
    const excludeSocketId = "excludeSocketId" in e ? e.excludeSocketId : undefined;
    const data = ("data" in e ? e.data : undefined) ?? {};
    const key = JSON.stringify([e.event, data, excludeSocketId ?? null]);
    const t = byPayload.get(key) ?? { channels: [], event: e.event, data, ...(excludeSocketId ? { excludeSocketId } : {}) };
    for (const c of channelsOf(e)) if (!t.channels.includes(c)) t.channels.push(c);
    byPayload.set(key, t);
  }
  return [...byPayload.values()].flatMap((t) =>
    Array.from({ length: Math.ceil(t.channels.length / MAX_CHANNELS) }, (_, i) => ({ ...t, channels: t.channels.slice(i * MAX_CHANNELS, (i + 1) * MAX_CHANNELS) })),
  );
}

/**
 * The request id for the realtime server's own log (as `request_id` in the signed trigger body).
 * Choice: only to our own server (PUSHER_CLUSTER unset): the `pusher` SDK sends no custom header, and
 * hosted Pusher documents no such field, so it gets the standard body; our own line names it either way.
 */
function requestIdParam(): { request_id?: string } {
  const requestId = currentRequestId();
  return requestId && !process.env.PUSHER_CLUSTER ? { request_id: requestId } : {};
}

async function trigger(t: Trigger): Promise<boolean> {
  try {
    const params = { ...(t.excludeSocketId ? { socket_id: t.excludeSocketId } : {}), ...requestIdParam() };
    // the SDK's TriggerParams type lists only socket_id and info, but it sends every parameter it is given
    await (await pusherServer()).trigger(t.channels, t.event, t.data, params as { socket_id?: string });
    log.debug("realtime: published", { event: t.event, channels: t.channels.length });
    return true;
  } catch (err) {
    log.error("realtime: could not publish", { event: t.event, channels: t.channels, err });
    return false;
  }
}

// Segment changes committed close together leave in one /batch_events call (at
// most 10, Pusher's limit) instead of one HTTP request each: at ingest rates this
// halves the realtime work per segment, for at most 25 ms of delay.
const MAX_BATCH = 10;
const WINDOW_MS = 25;

type Pending = { channel: string; name: string; data: Record<string, unknown>; request_id?: string };
let pending: Pending[] = [];
let flushing: Promise<boolean> | null = null;

function queueSegmentChanges(events: readonly RealtimeEvent[]): Promise<boolean> {
  for (const e of events) for (const channel of channelsOf(e)) pending.push({ channel, name: e.event, data: "data" in e && e.data ? e.data : {}, ...requestIdParam() });
  flushing ??= new Promise<void>((resolve) => setTimeout(resolve, WINDOW_MS).unref()).then(flush);
  return flushing;
}

async function flush(): Promise<boolean> {
  const batch = pending;
  pending = [];
  flushing = null;
  let ok = true;
  for (let i = 0; i < batch.length; i += MAX_BATCH) {
    const chunk = batch.slice(i, i + MAX_BATCH);
    try {
      await (await pusherServer()).triggerBatch(chunk);
    } catch (error) {
      ok = false;
      log.error("realtime: could not publish segment-changed events", { events: chunk.length, err: error });
    }
  }
  return ok;
}

/** Resolves once every queued segment change has been handed to the realtime server (tests, shutdown). */
export async function flushSegmentChanges(): Promise<void> {
  while (flushing) await flushing;
}

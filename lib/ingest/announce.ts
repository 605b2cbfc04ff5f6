import "server-only";
// After the commit, tell the contract's open Work Diaries which slot changed.
// Events of segments committed close together leave in one /batch_events call
// (at most 10, Pusher's limit) instead of one HTTP request each: at ingest
// rates this halves the realtime work per segment, for at most 25 ms of delay.
// A realtime outage never fails or slows an ingest: failures are logged.
import { pusherServer } from "@/lib/realtime/publish";
import { channels } from "@/lib/realtime/config";
import { REALTIME_EVENTS, type SegmentChangedEvent } from "@/lib/realtime/client/events";

const MAX_BATCH = 10;
const WINDOW_MS = 25;

type Pending = { channel: string; name: string; data: SegmentChangedEvent };
let pending: Pending[] = [];
let flushing: Promise<void> | null = null;

async function flush(): Promise<void> {
  const batch = pending;
  pending = [];
  flushing = null;
  for (let i = 0; i < batch.length; i += MAX_BATCH) {
    const chunk = batch.slice(i, i + MAX_BATCH);
    try {
      await pusherServer().triggerBatch(chunk);
    } catch (error) {
      console.error(`[realtime] could not publish ${chunk.length} segment-changed event(s):`, (error as Error).message);
    }
  }
}

/** Queue a segment-changed event for the contract's private channel; call only after the commit. */
export function announceSegmentChange(event: SegmentChangedEvent & { contractId: string }): void {
  pending.push({ channel: channels.contract(event.contractId), name: REALTIME_EVENTS.segmentChanged, data: event });
  flushing ??= new Promise<void>((resolve) => setTimeout(resolve, WINDOW_MS).unref()).then(flush);
}

/** Resolves once every queued event has been handed to the realtime server (tests, shutdown). */
export async function flushSegmentChanges(): Promise<void> {
  while (flushing) await flushing;
}

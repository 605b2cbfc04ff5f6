import "server-only";
// R17.1 the calls-sweep job: ends the live calls nobody touches any more (both tabs closed, a ring nobody
// answered while neither side's page is open), so each still leaves its entry and the callee's missed-call
// notice. Calls someone still uses end sooner, lazily, when their heartbeats or requests touch them.
import { db } from "@/lib/db/client";
import { notify } from "@/lib/realtime/notify";
import type { RealtimeEvent } from "@/lib/realtime/client/events";
import { callInclude } from "./call-view";
import { endIfOver, ringTimeoutMs } from "./end-call";
import { CALL_SIDE_GONE_MS } from "./rules";

/** Ends every live call that is over at `now`; how many it ended. */
export async function sweepCalls(now: Date): Promise<number> {
  const goneBefore = new Date(now.getTime() - CALL_SIDE_GONE_MS);
  const rangBefore = new Date(now.getTime() - ringTimeoutMs());
  // candidates only (calls_live_idx); each is judged again under its lock
  const candidates = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM calls WHERE status <> 'ENDED' AND (
      caller_seen_at <= ${goneBefore} OR callee_seen_at <= ${goneBefore} OR (status = 'RINGING' AND created_at <= ${rangBefore}))`;
  let ended = 0;
  for (const { id } of candidates) {
    const events = await db().$transaction(async (tx): Promise<RealtimeEvent[]> => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM calls WHERE id = ${id}::uuid AND status <> 'ENDED' FOR UPDATE SKIP LOCKED`;
      if (locked.length === 0) return []; // ended meanwhile, or being changed by a request that will judge it itself
      const row = await tx.call.findUniqueOrThrow({ where: { id }, include: callInclude });
      return (await endIfOver(tx, row, now))?.events ?? [];
    });
    if (events.length > 0) ended++;
    await notify(events);
  }
  return ended;
}

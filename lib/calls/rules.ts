// R17.1 the rules of a call's life, pure: when a live call is over without anyone pressing a button (the ring
// timed out, a side's tab went away), how it ended, and what its entry in the conversation says.

/** R17.1 a call not answered in 45 seconds ends as missed. */
export const CALL_RING_TIMEOUT_MS = 45_000;
/** Each tab taking part heartbeats every 2 s (components/calls); a side unseen for 6 s (three beats) is gone. */
export const CALL_SIDE_GONE_MS = 6_000;

export type CallStatusName = "RINGING" | "ACTIVE" | "ENDED";
export type CallOutcomeName = "COMPLETED" | "MISSED" | "DECLINED" | "BUSY" | "CANCELLED" | "FAILED";
export type CallEndReason = "hangup" | "timeout" | "peer_lost" | "declined" | "busy" | "cancelled" | "failed";

export interface LiveCallFacts {
  status: CallStatusName;
  createdAt: Date;
  answeredAt: Date | null;
  callerSeenAt: Date | null;
  calleeSeenAt: Date | null;
}

export interface CallEnding {
  outcome: CallOutcomeName;
  reason: CallEndReason;
  /** when it ended: the moment the ring ran out, or the gone side's last heartbeat */
  endedAt: Date;
}

const gone = (seenAt: Date | null, now: Date) => seenAt !== null && now.getTime() - seenAt.getTime() >= CALL_SIDE_GONE_MS;

/**
 * How a live call ended by itself at `now`, or null while it goes on.
 * Choice: a call's end is dated when it really ended (the ring's deadline, the last heartbeat of the side that
 * went away), not when the server noticed, so a call swept late still shows its true length.
 * Choice: a callee who has not been seen yet (its tab still loading) keeps ringing until the timeout; a callee
 * whose every ringing tab closed is gone, and the call is missed, as when the caller's tab closes first.
 */
export function selfEnding(call: LiveCallFacts, now: Date, ringTimeoutMs: number = CALL_RING_TIMEOUT_MS): CallEnding | null {
  if (call.status === "ENDED") return null;
  const lastSeen = (seenAt: Date | null) => new Date(Math.max(seenAt?.getTime() ?? 0, (call.answeredAt ?? call.createdAt).getTime()));
  if (call.status === "RINGING") {
    const deadline = new Date(call.createdAt.getTime() + ringTimeoutMs);
    // R17.1 the caller hearing no answer: missed for the callee whichever side left first
    if (gone(call.callerSeenAt, now)) return { outcome: "MISSED", reason: "peer_lost", endedAt: minDate(lastSeen(call.callerSeenAt), deadline) };
    if (now >= deadline) return { outcome: "MISSED", reason: "timeout", endedAt: deadline };
    if (gone(call.calleeSeenAt, now)) return { outcome: "MISSED", reason: "peer_lost", endedAt: lastSeen(call.calleeSeenAt) };
    return null;
  }
  // ACTIVE: the side seen last ends it when the other is gone; the call counts as completed up to then
  const callerGone = gone(call.callerSeenAt, now);
  const calleeGone = gone(call.calleeSeenAt, now);
  if (!callerGone && !calleeGone) return null;
  const seen = [callerGone ? call.callerSeenAt : null, calleeGone ? call.calleeSeenAt : null].filter((d): d is Date => d !== null);
  return { outcome: "COMPLETED", reason: "peer_lost", endedAt: lastSeen(new Date(Math.min(...seen.map((d) => d.getTime())))) };
}

const minDate = (a: Date, b: Date) => (a < b ? a : b);

/** m:ss, or h:mm:ss from an hour (what a call's timer shows). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Whole seconds from answer to end; null for a call never answered. */
export function callDurationSeconds(answeredAt: Date | null, endedAt: Date | null): number | null {
  if (!answeredAt || !endedAt) return null;
  return Math.max(0, Math.floor((endedAt.getTime() - answeredAt.getTime()) / 1000));
}

/**
 * R17.1 the text of a call's entry in the conversation (also what conversation lists and emails show as its body).
 * Choice: a cancelled call reads "Missed call" to both, as Slack and WhatsApp show it; a busy one "Busy".
 */
export function callEntryText(outcome: CallOutcomeName, durationSeconds: number | null): string {
  switch (outcome) {
    case "COMPLETED":
      return `Call, ${formatDuration(durationSeconds ?? 0)}`;
    case "MISSED":
    case "CANCELLED":
      return "Missed call";
    case "DECLINED":
      return "Declined call";
    case "BUSY":
      return "Busy";
    case "FAILED":
      return durationSeconds === null ? "Call failed" : `Call, ${formatDuration(durationSeconds)} (connection lost)`;
  }
}

/** Outcomes the callee is told about by a call_missed notification (R16.4). */
export function isMissedForCallee(outcome: CallOutcomeName): boolean {
  return outcome === "MISSED" || outcome === "CANCELLED" || outcome === "BUSY";
}

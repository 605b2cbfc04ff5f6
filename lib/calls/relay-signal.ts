import "server-only";
// R17.1 WebRTC signalling (offer, answer, ICE candidates, restart) relayed from one of a call's two tabs to the
// other, on the contract's private call channel, which only the two parties may join. On the path from the
// click on Call to "connected", so it is one indexed read and one publish: no transaction, no write.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ApiError, notFound } from "@/lib/errors";
import { notify } from "@/lib/realtime/notify";
import { isUuid } from "@/lib/messages/scope";
import type { CallSignalInput } from "@/lib/validation/calls";

/**
 * Choice: at most 200 signals per call and side (an audio call sends an offer, an answer and a few dozen
 * candidates, a restart a few more), counted in this process's memory: no write on the hot path, and with
 * several web processes a side gets 200 at each, still bounded.
 */
const SIGNALS_PER_SIDE = 200;
const COUNTED_CALLS = 10_000;
const sent = new Map<string, number>();

function count(key: string): number {
  const n = (sent.get(key) ?? 0) + 1;
  sent.delete(key); // re-inserted last: the map drops its oldest keys first
  sent.set(key, n);
  if (sent.size > COUNTED_CALLS) sent.delete(sent.keys().next().value as string);
  return n;
}

export async function relaySignal(user: CurrentUser, callId: string, input: CallSignalInput): Promise<void> {
  if (!isUuid(callId)) throw notFound("No such call.");
  const call = await db().call.findFirst({
    where: { id: callId, OR: [{ callerId: user.id }, { calleeId: user.id }] },
    select: { contractId: true, status: true, callerId: true, callerTab: true, calleeTab: true },
  });
  if (!call) throw notFound("No such call.");
  if (call.status === "ENDED") throw new ApiError("call_ended", "The call has ended.");
  if (call.status !== "ACTIVE") throw new ApiError("not_in_call", "The call has not been answered yet.");
  const asCaller = call.callerId === user.id;
  const [mine, theirs] = asCaller ? [call.callerTab, call.calleeTab] : [call.calleeTab, call.callerTab];
  // only the tab that placed the call and the one that answered it talk, each to the other
  if (input.tabId !== mine || input.to !== theirs) throw new ApiError("not_in_call", "This tab is not in the call; use the tab that placed or answered it.");
  if (count(`${callId}:${asCaller ? "caller" : "callee"}`) > SIGNALS_PER_SIDE) {
    throw new ApiError("rate_limited", `At most ${SIGNALS_PER_SIDE} signals per call.`, { retryAfterSeconds: 60 });
  }
  await notify({
    event: "call-signal",
    contractId: call.contractId,
    data: {
      callId,
      from: input.tabId,
      to: input.to,
      kind: input.kind,
      ...(input.sdp !== undefined ? { sdp: input.sdp } : {}),
      ...(input.candidate !== undefined ? { candidate: input.candidate } : {}),
    },
  });
}

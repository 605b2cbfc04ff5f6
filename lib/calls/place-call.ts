import "server-only";
// R17.1 placing a call from a contract's conversation: it rings the other party, unless either side is already
// in a call. "One live call per user" holds under concurrency: both users' advisory locks (in id order, so two
// calls between the same people cannot deadlock) are taken before the check, for the rest of the transaction.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ApiError, notFound } from "@/lib/errors";
import { notify } from "@/lib/realtime/notify";
import type { RealtimeEvent } from "@/lib/realtime/client/events";
import { admitRequest } from "@/lib/rate-limit/attempts";
import { isUuid, participatingContracts } from "@/lib/messages/scope";
import { callInclude, callUpdated, type CallView } from "./call-view";
import { endCall, endIfOver, viewOf } from "./end-call";

/** pg_advisory_xact_lock(class, key): this class is "a user's calls" (arbitrary, constant). */
const USER_CALL_LOCK = 170_117;

/**
 * Choice: at most 10 unanswered call attempts a minute per caller (429 after; an answered call is given back
 * by acceptCall), plenty for redialling a busy line, too few to ring someone in a loop.
 */
export const CALL_ATTEMPTS = { limit: 10, windowMs: 60_000 };
export const callAttemptsKey = (callerId: string) => `call:${callerId}`;

export async function placeCall(user: CurrentUser, input: { conversationId: string; tabId: string }, now: Date): Promise<CallView> {
  if (!isUuid(input.conversationId)) throw notFound("No such conversation.");
  // Choice: calls follow Messages: either party of any contract with a conversation may call, whatever the
  // contract's status (offers are discussed, ended work is wrapped up); admins never take part (404, as for posting).
  const conversation = await db().conversation.findFirst({
    where: { id: input.conversationId, contract: participatingContracts(user) },
    select: { id: true, contractId: true, contract: { select: { clientId: true, freelancerId: true } } },
  });
  if (!conversation) throw notFound("No such conversation.");
  const calleeId = conversation.contract.clientId === user.id ? conversation.contract.freelancerId : conversation.contract.clientId;
  await admitRequest([{ key: callAttemptsKey(user.id), ...CALL_ATTEMPTS }], now, (s) => `Too many calls in a minute; try again in ${s} s.`);

  const result = await db().$transaction(async (tx) => {
    for (const id of [user.id, calleeId].sort()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USER_CALL_LOCK}::int, hashtext(${id}))`;
    const events: RealtimeEvent[] = [];
    // Calls whose side went away or whose ring ran out no longer make anyone busy: end them first.
    const liveIds = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM calls WHERE status <> 'ENDED'
        AND (caller_id IN (${user.id}::uuid, ${calleeId}::uuid) OR callee_id IN (${user.id}::uuid, ${calleeId}::uuid))
      ORDER BY id FOR UPDATE`;
    const live = await tx.call.findMany({ where: { id: { in: liveIds.map((r) => r.id) } }, include: callInclude });
    const stillLive: typeof live = [];
    for (const row of live) {
      const ended = await endIfOver(tx, row, now);
      if (ended) events.push(...ended.events);
      else stillLive.push(row);
    }
    const inCall = (id: string) => stillLive.some((c) => c.callerId === id || c.calleeId === id);
    if (inCall(user.id)) return { refusal: new ApiError("already_in_call", "You are already in a call; hang up first."), events };

    const callee = await tx.user.findUniqueOrThrow({ where: { id: calleeId }, select: { name: true, suspendedAt: true } });
    if (callee.suspendedAt) return { refusal: new ApiError("validation_failed", `${callee.name}'s account is suspended; they cannot take calls.`), events };
    const row = await tx.call.create({
      data: {
        conversationId: conversation.id,
        contractId: conversation.contractId,
        callerId: user.id,
        calleeId,
        status: "RINGING",
        callerTab: input.tabId,
        callerSeenAt: now,
        createdAt: now,
      },
      include: callInclude,
    });
    if (inCall(calleeId)) {
      // R17.1 busy: the attempt is recorded and leaves its entry (and the callee a missed-call notice)
      const busy = await endCall(tx, row, { outcome: "BUSY", reason: "busy", endedAt: now }, null, now);
      events.push(...busy.events);
      return { refusal: new ApiError("busy", `${callee.name} is on another call.`), events };
    }
    events.push(callUpdated(viewOf(row)));
    return { view: viewOf(row), events };
  });
  await notify(result.events);
  if ("refusal" in result) throw result.refusal;
  return result.view;
}

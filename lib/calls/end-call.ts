import "server-only";
// R17.1 ending a call, inside the caller's transaction: the row becomes ENDED with its outcome, the conversation
// gets the call's entry (a message pointing at the call, from the caller) and, for a call the callee did not
// take, the callee a call_missed notification (R16.4). The events it returns go out after the commit.
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RealtimeEvent } from "@/lib/realtime/client/events";
import { appMode } from "@/lib/clock";
import { callRingSecondsOverride } from "@/lib/config/calls";
import { notifyUsers } from "@/lib/notifications/notify-users";
import { callInclude, callUpdated, toCallView, type CallRow, type CallView } from "./call-view";
import { CALL_RING_TIMEOUT_MS, callDurationSeconds, callEntryText, isMissedForCallee, selfEnding, type CallEnding } from "./rules";

type Tx = Prisma.TransactionClient;

/** R17.1 45 s; a test or demo server may shorten it (HOURGLASS_CALL_RING_SECONDS, refused in production at start). */
export function ringTimeoutMs(): number {
  if (appMode() === "production") return CALL_RING_TIMEOUT_MS;
  const seconds = callRingSecondsOverride();
  return seconds === null ? CALL_RING_TIMEOUT_MS : seconds * 1000;
}

export const viewOf = (row: CallRow): CallView => toCallView(row, ringTimeoutMs());

/** The call of `partyId` (its caller or callee), its row locked until the transaction ends; every change to a call goes through this lock. */
export async function lockCall(tx: Tx, callId: string, partyId: string): Promise<CallRow | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM calls WHERE id = ${callId}::uuid AND (caller_id = ${partyId}::uuid OR callee_id = ${partyId}::uuid) FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.call.findUnique({ where: { id: callId }, include: callInclude });
}

export interface Ended {
  row: CallRow;
  events: RealtimeEvent[];
}

/** Ends a locked live call as `ending` says. */
export async function endCall(tx: Tx, row: CallRow, ending: CallEnding, endedById: string | null, now: Date): Promise<Ended> {
  const messageId = randomUUID();
  const ended = await tx.call.update({
    where: { id: row.id },
    data: { status: "ENDED", outcome: ending.outcome, endReason: ending.reason, endedAt: ending.endedAt, endedById, messageId },
    include: callInclude,
  });
  // As sendMessage does: sends to a conversation are serialized, each stamped after the newest, so createdAt order is commit order.
  await tx.$queryRaw`SELECT 1 FROM conversations WHERE id = ${row.conversationId}::uuid FOR UPDATE`;
  const newest = await tx.message.findFirst({ where: { conversationId: row.conversationId }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  const createdAt = new Date(Math.max(now.getTime(), (newest?.createdAt.getTime() ?? 0) + 1));
  const body = callEntryText(ending.outcome, callDurationSeconds(ended.answeredAt, ended.endedAt));
  await tx.message.create({ data: { id: messageId, conversationId: row.conversationId, senderId: row.callerId, body, callId: row.id, createdAt } });
  // Choice: an answered call's entry is read by both (they were both there); a missed one stays unread for the callee, like a message.
  const readers = ended.answeredAt ? [row.callerId, row.calleeId] : [row.callerId];
  for (const userId of readers) {
    await tx.$executeRaw`
      INSERT INTO conversation_reads (conversation_id, user_id, last_read_at)
      VALUES (${row.conversationId}::uuid, ${userId}::uuid, ${createdAt}::timestamptz)
      ON CONFLICT (conversation_id, user_id)
      DO UPDATE SET last_read_at = GREATEST(conversation_reads.last_read_at, EXCLUDED.last_read_at)`;
  }
  const events: RealtimeEvent[] = [
    callUpdated(viewOf(ended)),
    { event: "message-created", userIds: [row.callerId, row.calleeId], data: { conversationId: row.conversationId, contractId: row.contractId, messageId, senderId: row.callerId } },
  ];
  if (isMissedForCallee(ending.outcome)) {
    const contract = await tx.contract.findUniqueOrThrow({ where: { id: row.contractId }, select: { title: true } });
    events.push(
      ...(await notifyUsers(tx, {
        kind: "call_missed",
        userIds: [row.calleeId],
        title: `Missed call from ${row.caller.name}`,
        body: `${row.caller.name} called you about "${contract.title}". Reply in Messages or call back.`,
        link: `/messages/${row.conversationId}`,
      })),
    );
  }
  return { row: ended, events };
}

/** Ends a locked call that ended by itself (ring timed out, a side's tab gone); nothing when it goes on. */
export async function endIfOver(tx: Tx, row: CallRow, now: Date): Promise<Ended | null> {
  if (row.status === "ENDED") return null;
  const ending = selfEnding(row, now, ringTimeoutMs());
  return ending ? endCall(tx, row, ending, null, now) : null;
}

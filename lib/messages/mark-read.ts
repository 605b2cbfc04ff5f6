import "server-only";
// R13 read state: a participant's lastReadAt only moves forward, to the newest
// message they have seen. Unread counts are derived from it.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { notFound } from "@/lib/errors";
import { notify } from "@/lib/realtime/notify";
import { isUuid, participatingContracts } from "./scope";

export interface MarkReadResult {
  lastReadAt: string | null;
  changed: boolean;
}

export async function markConversationRead(
  user: CurrentUser,
  conversationId: string,
  opts: { upToMessageId?: string; socketId?: string } = {},
): Promise<MarkReadResult> {
  if (!isUuid(conversationId)) throw notFound("No such conversation.");
  const conversation = await db().conversation.findFirst({
    where: { id: conversationId, contract: participatingContracts(user) },
    select: { id: true, contractId: true, reads: { where: { userId: user.id }, select: { lastReadAt: true } } },
  });
  if (!conversation) throw notFound("No such conversation.");
  const before = conversation.reads[0]?.lastReadAt ?? null;

  const upTo = await db().message.findFirst({
    where: { conversationId, ...(opts.upToMessageId ? { id: opts.upToMessageId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { createdAt: true },
  });
  if (!upTo) {
    if (opts.upToMessageId) throw notFound("No such message in this conversation.");
    return { lastReadAt: before?.toISOString() ?? null, changed: false };
  }

  const [row] = await db().$queryRaw<Array<{ last_read_at: Date }>>`
    INSERT INTO conversation_reads (conversation_id, user_id, last_read_at)
    VALUES (${conversationId}::uuid, ${user.id}::uuid, ${upTo.createdAt}::timestamptz)
    ON CONFLICT (conversation_id, user_id)
    DO UPDATE SET last_read_at = GREATEST(conversation_reads.last_read_at, EXCLUDED.last_read_at)
    RETURNING last_read_at`;
  const after = row?.last_read_at ?? upTo.createdAt;
  const changed = !before || after.getTime() > before.getTime();
  if (changed) {
    const data = { conversationId, userId: user.id, lastReadAt: after.toISOString() };
    void notify({ event: "conversation-read", contractId: conversation.contractId, data, ...(opts.socketId ? { excludeSocketId: opts.socketId } : {}) });
  }
  return { lastReadAt: after.toISOString(), changed };
}

import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ApiError, notFound } from "@/lib/errors";
import { MESSAGE_LIMITS } from "@/lib/validation/messages";
import { decodeCursor, encodeCursor } from "./cursor";
import { messageInclude, toMessageView } from "./message-view";
import { isUuid, readableContracts } from "./scope";
import type { MessagePage, MessageView } from "./types";

/**
 * One page of a conversation's history, newest first, by keyset on
 * (createdAt, id): stable while new messages arrive, and an index range scan
 * however deep the history. 404 when the user may not read the conversation.
 */
export async function listMessages(
  user: CurrentUser,
  conversationId: string,
  opts: { cursor?: string; limit?: number } = {},
): Promise<MessagePage> {
  if (!isUuid(conversationId)) throw notFound("No such conversation.");
  const limit = opts.limit ?? MESSAGE_LIMITS.pageSize;
  const cursor = opts.cursor ? decodeCursor(opts.cursor) : null;
  if (opts.cursor && !cursor) throw new ApiError("validation_failed", "This page link is not valid; open the conversation again.", { fields: { cursor: "Not a page link from this conversation." } });

  const conversation = await db().conversation.findFirst({ where: { id: conversationId, contract: readableContracts(user) }, select: { id: true } });
  if (!conversation) throw notFound("No such conversation.");

  const rows = await db().message.findMany({
    where: {
      conversationId,
      conversation: { contract: readableContracts(user) },
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: messageInclude,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    messages: page.map(toMessageView),
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

/** One message the user may read (for a live update after a message-created event). 404 otherwise. */
export async function getMessage(user: CurrentUser, messageId: string): Promise<MessageView> {
  if (!isUuid(messageId)) throw notFound("No such message.");
  const row = await db().message.findFirst({
    where: { id: messageId, conversation: { contract: readableContracts(user) } },
    include: messageInclude,
  });
  if (!row) throw notFound("No such message.");
  return toMessageView(row);
}

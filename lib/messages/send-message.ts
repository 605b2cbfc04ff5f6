import "server-only";
// R13 sending a message: checked, stored (attachments first, then one
// transaction), and only then announced. Idempotent per (sender, clientId), so a
// browser retrying after a lost response never posts twice.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ApiError, notFound } from "@/lib/errors";
import { blobStore } from "@/lib/storage";
import { MESSAGE_LIMITS } from "@/lib/validation/messages";
import { notify } from "@/lib/realtime/notify";
import { messageInclude, toMessageView } from "./message-view";
import { prepareAttachment, type IncomingFile, type PreparedAttachment } from "./prepare-attachment";
import { isUuid, participatingContracts } from "./scope";
import type { MessageView } from "./types";

export interface SendMessageInput {
  conversationId: string;
  body: string;
  clientId: string;
  files: IncomingFile[];
}

export interface SendMessageResult {
  message: MessageView;
  /** false when this clientId had already been sent: the stored message is returned */
  created: boolean;
  /** settles once the announcement was handed to the realtime server (true) or failed (false, logged) */
  announced: Promise<boolean>;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === "P2002" || e?.cause?.code === "23505";
}

async function findSent(user: CurrentUser, clientId: string) {
  return db().message.findUnique({ where: { senderId_clientId: { senderId: user.id, clientId } }, include: messageInclude });
}

export async function sendMessage(user: CurrentUser, input: SendMessageInput, opts: { now: Date; socketId?: string }): Promise<SendMessageResult> {
  if (!isUuid(input.conversationId)) throw notFound("No such conversation.");
  const conversation = await db().conversation.findFirst({
    where: { id: input.conversationId, contract: participatingContracts(user) },
    select: { id: true, contractId: true, contract: { select: { clientId: true, freelancerId: true } } },
  });
  if (!conversation) throw notFound("No such conversation.");
  const participants = [conversation.contract.clientId, conversation.contract.freelancerId];
  const announce = (message: MessageView) =>
    notify({
      event: "message-created",
      // both participants' user channels: the sender's other tabs too, the sending socket not
      userIds: participants,
      data: { conversationId: conversation.id, contractId: conversation.contractId, messageId: message.id, senderId: user.id },
      ...(opts.socketId ? { excludeSocketId: opts.socketId } : {}),
    });

  const replay = async (): Promise<SendMessageResult | null> => {
    const sent = await findSent(user, input.clientId);
    if (!sent) return null;
    if (sent.conversationId !== conversation.id) {
      throw new ApiError("conflict", "This clientId was already used for a message in another conversation.", { fields: { clientId: "Already used." } });
    }
    const message = toMessageView(sent);
    // At least once: if the first announcement was lost, this one delivers it.
    return { message, created: false, announced: announce(message) };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  if (!input.body && input.files.length === 0) {
    throw new ApiError("validation_failed", "Write a message or attach a file.", { fields: { body: "Write a message or attach a file." } });
  }
  if (input.files.length > MESSAGE_LIMITS.attachmentsPerMessage) {
    const message = `At most ${MESSAGE_LIMITS.attachmentsPerMessage} attachments per message.`;
    throw new ApiError("validation_failed", message, { fields: { attachments: message } });
  }

  // Check every file before storing any, then store the bytes before the row that points at them.
  const prepared: PreparedAttachment[] = [];
  for (const file of input.files) prepared.push(await prepareAttachment(conversation.id, file));
  const blobs = prepared.flatMap((a) => a.blobs);
  await Promise.all(blobs.map((b) => blobStore().put(b.key, b.bytes, b.contentType)));
  const dropBlobs = () => Promise.all(blobs.map((b) => blobStore().delete(b.key).catch(() => undefined)));

  let row;
  try {
    row = await db().$transaction(async (tx) => {
      // Choice: sends to one conversation are serialized by a row lock, and each
      // message is stamped after the newest one. So createdAt order is commit
      // order: a reader's lastReadAt and a page cursor never skip a message that
      // commits later with an earlier time.
      await tx.$queryRaw`SELECT 1 FROM conversations WHERE id = ${conversation.id}::uuid FOR UPDATE`;
      const newest = await tx.message.findFirst({ where: { conversationId: conversation.id }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
      const createdAt = new Date(Math.max(opts.now.getTime(), (newest?.createdAt.getTime() ?? 0) + 1));
      const created = await tx.message.create({
        data: {
          conversationId: conversation.id,
          senderId: user.id,
          body: input.body,
          clientId: input.clientId,
          createdAt,
          attachments: {
            // One millisecond apart, so they list in the order they were attached.
            create: prepared.map((a, i) => ({ id: a.id, fileName: a.fileName, mime: a.mime, bytes: a.bytes, storageKey: a.storageKey, createdAt: new Date(createdAt.getTime() + i) })),
          },
        },
        include: messageInclude,
      });
      // Replying means having read the conversation up to here.
      await tx.$executeRaw`
        INSERT INTO conversation_reads (conversation_id, user_id, last_read_at)
        VALUES (${conversation.id}::uuid, ${user.id}::uuid, ${createdAt}::timestamptz)
        ON CONFLICT (conversation_id, user_id)
        DO UPDATE SET last_read_at = GREATEST(conversation_reads.last_read_at, EXCLUDED.last_read_at)`;
      return created;
    });
  } catch (error) {
    await dropBlobs();
    if (isUniqueViolation(error)) {
      // The same clientId committed concurrently: answer with that message.
      const concurrent = await replay();
      if (concurrent) return concurrent;
    }
    throw error;
  }

  const message = toMessageView(row);
  // Stored (committed) above; announced only now.
  return { message, created: true, announced: announce(message) };
}

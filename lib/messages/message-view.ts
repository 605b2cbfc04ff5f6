import "server-only";
// Rows to API shapes, and the attachment URLs (served by
// app/api/messages/[messageId]/attachments/[attachmentId]).
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AttachmentView, CallEntryView, MessageView } from "./types";

export const messageInclude = {
  sender: { select: { name: true } },
  attachments: { select: { id: true, fileName: true, mime: true, bytes: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  // R17.1 a call's entry in the conversation
  call: { select: { id: true, outcome: true, callerId: true, createdAt: true, answeredAt: true, endedAt: true } },
} satisfies Prisma.MessageInclude;

type MessageRow = Prisma.MessageGetPayload<{ include: typeof messageInclude }>;

export function attachmentUrl(messageId: string, attachmentId: string, variant?: "thumb"): string {
  return `/api/messages/${messageId}/attachments/${attachmentId}${variant ? `?variant=${variant}` : ""}`;
}

function callEntryView(call: NonNullable<MessageRow["call"]>): CallEntryView {
  const duration = call.answeredAt && call.endedAt ? Math.max(0, Math.floor((call.endedAt.getTime() - call.answeredAt.getTime()) / 1000)) : null;
  return {
    id: call.id,
    outcome: (call.outcome?.toLowerCase() ?? null) as CallEntryView["outcome"],
    callerId: call.callerId,
    startedAt: call.createdAt.toISOString(),
    durationSeconds: duration,
  };
}

export function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    conversationId: row.conversationId,
    senderId: row.senderId,
    senderName: row.sender.name,
    body: row.body,
    clientId: row.clientId,
    createdAt: row.createdAt.toISOString(),
    call: row.call ? callEntryView(row.call) : null,
    attachments: row.attachments.map(
      (a): AttachmentView => ({
        id: a.id,
        fileName: a.fileName,
        mime: a.mime,
        bytes: a.bytes,
        isImage: a.mime.startsWith("image/"),
        url: attachmentUrl(row.id, a.id),
        thumbUrl: a.mime.startsWith("image/") ? attachmentUrl(row.id, a.id, "thumb") : null,
      }),
    ),
  };
}

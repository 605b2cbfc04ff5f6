import "server-only";
// Rows to API shapes, and the attachment URLs (served by
// app/api/messages/[messageId]/attachments/[attachmentId]).
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AttachmentView, MessageView } from "./types";

export const messageInclude = {
  sender: { select: { name: true } },
  attachments: { select: { id: true, fileName: true, mime: true, bytes: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
} satisfies Prisma.MessageInclude;

type MessageRow = Prisma.MessageGetPayload<{ include: typeof messageInclude }>;

export function attachmentUrl(messageId: string, attachmentId: string, variant?: "thumb"): string {
  return `/api/messages/${messageId}/attachments/${attachmentId}${variant ? `?variant=${variant}` : ""}`;
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

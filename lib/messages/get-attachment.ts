import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { notFound } from "@/lib/errors";
import { blobStore } from "@/lib/storage";
import { thumbKeyFor } from "./prepare-attachment";
import { isUuid, readableContracts } from "./scope";

export interface AttachmentContent {
  bytes: Buffer;
  mime: string;
  fileName: string;
  isImage: boolean;
}

/** An attachment's bytes, for someone who may read its conversation; 404 for anyone else. */
export async function getAttachment(user: CurrentUser, messageId: string, attachmentId: string, variant: "full" | "thumb"): Promise<AttachmentContent> {
  if (!isUuid(messageId) || !isUuid(attachmentId)) throw notFound("No such attachment.");
  const row = await db().attachment.findFirst({
    where: { id: attachmentId, messageId, message: { conversation: { contract: readableContracts(user) } } },
    select: { fileName: true, mime: true, storageKey: true },
  });
  if (!row) throw notFound("No such attachment.");
  const isImage = row.mime.startsWith("image/");
  if (variant === "thumb" && !isImage) throw notFound("This attachment has no thumbnail.");
  const bytes = await blobStore().get(variant === "thumb" ? thumbKeyFor(row.storageKey) : row.storageKey);
  if (!bytes) {
    console.error(`[messages] attachment ${attachmentId} has no stored bytes at ${row.storageKey}`);
    throw notFound("No such attachment.");
  }
  return { bytes, mime: variant === "thumb" ? "image/webp" : row.mime, fileName: row.fileName, isImage };
}

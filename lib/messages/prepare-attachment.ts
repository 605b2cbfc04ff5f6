import "server-only";
// An attachment as the portal keeps it: checked by content, size-limited, and
// for images re-encoded exactly like tracker screenshots (JPEG, metadata such
// as EXIF/GPS dropped, plus a WebP thumbnail), before anything is stored.
// Choice: an animated GIF becomes a still JPEG of its first frame; the bytes as
// sent are never kept for images, so nothing hidden in them is served back.
import { randomUUID } from "node:crypto";
import sharp from "sharp";
import { ApiError } from "@/lib/errors";
import { processScreenshot } from "@/lib/screenshots/process";
import { MESSAGE_LIMITS } from "@/lib/validation/messages";
import { cleanFileName, sniffAttachment, withExtension } from "./attachment-types";

export interface IncomingFile {
  name: string;
  bytes: Buffer;
}

export interface PreparedAttachment {
  id: string;
  fileName: string;
  mime: string;
  /** stored size */
  bytes: number;
  storageKey: string;
  blobs: Array<{ key: string; bytes: Buffer; contentType: string }>;
}

/** Where an image attachment's thumbnail lives, next to the full image (no column needed). */
export function thumbKeyFor(storageKey: string): string {
  return storageKey.replace(/\.[a-z]+$/, "") + ".thumb.webp";
}

const mb = (n: number) => `${n / 1024 / 1024} MB`;

/** Throws 413 (too big), 415 (type not accepted) or 422 (an image that does not decode). */
export async function prepareAttachment(conversationId: string, file: IncomingFile): Promise<PreparedAttachment> {
  const name = cleanFileName(file.name, MESSAGE_LIMITS.fileNameMaxChars);
  if (file.bytes.length > MESSAGE_LIMITS.attachmentMaxBytes) {
    throw new ApiError("payload_too_large", `“${name}” is larger than ${mb(MESSAGE_LIMITS.attachmentMaxBytes)}.`, {
      fields: { attachments: `“${name}” is larger than ${mb(MESSAGE_LIMITS.attachmentMaxBytes)}.` },
    });
  }
  const type = sniffAttachment(file.bytes);
  if (!type) {
    const message = file.bytes.length === 0 ? `“${name}” is empty.` : `“${name}” is not an image (PNG, JPEG, WebP, GIF), a PDF or plain text.`;
    throw new ApiError(file.bytes.length === 0 ? "validation_failed" : "unsupported_media_type", message, { fields: { attachments: message } });
  }
  const id = randomUUID();
  const base = `attachments/${conversationId}/${id}`;

  if (type.kind === "image") {
    let width = 0;
    let height = 0;
    try {
      ({ width = 0, height = 0 } = await sharp(file.bytes, { limitInputPixels: false }).metadata());
    } catch {
      // not decodable: below
    }
    if (!width || !height) {
      throw new ApiError("validation_failed", `“${name}” is not a readable image.`, { fields: { attachments: `“${name}” is not a readable image.` } });
    }
    if (width * height > MESSAGE_LIMITS.imageMaxPixels) {
      const message = `“${name}” has more than ${MESSAGE_LIMITS.imageMaxPixels / 1_000_000} megapixels.`;
      throw new ApiError("payload_too_large", message, { fields: { attachments: message } });
    }
    let processed;
    try {
      processed = await processScreenshot(file.bytes);
    } catch {
      throw new ApiError("validation_failed", `“${name}” is not a readable image.`, { fields: { attachments: `“${name}” is not a readable image.` } });
    }
    const storageKey = `${base}.jpg`;
    return {
      id,
      fileName: withExtension(name, "jpg", MESSAGE_LIMITS.fileNameMaxChars),
      mime: "image/jpeg",
      bytes: processed.full.length,
      storageKey,
      blobs: [
        { key: storageKey, bytes: processed.full, contentType: "image/jpeg" },
        { key: thumbKeyFor(storageKey), bytes: processed.thumb, contentType: "image/webp" },
      ],
    };
  }

  const storageKey = `${base}.${type.kind === "pdf" ? "pdf" : "txt"}`;
  const mime = type.kind === "pdf" ? "application/pdf" : "text/plain; charset=utf-8";
  return { id, fileName: name, mime, bytes: file.bytes.length, storageKey, blobs: [{ key: storageKey, bytes: file.bytes, contentType: mime }] };
}

// Messages (docs/rules.md section 13): limits and request schemas shared by the
// route handlers and the composer, so the browser refuses what the server would.
import { z } from "zod";
import { text } from "./text";

// Choice: these limits live here rather than in lib/config/limits.ts because the
// composer (a client component) reads them too; they are operational limits, not rules.
export const MESSAGE_LIMITS = {
  /** characters in one message body */
  bodyMaxChars: 5000,
  /** one attachment, before re-encoding (413 above it) */
  attachmentMaxBytes: 10 * 1024 * 1024,
  /** an image attachment is refused (413) above this many pixels, like a tracker screenshot */
  imageMaxPixels: 40_000_000,
  attachmentsPerMessage: 5,
  /** the multipart envelope and text fields may add this much to the files */
  requestOverheadBytes: 256 * 1024,
  fileNameMaxChars: 200,
  /** history page sizes */
  pageSize: 30,
  pageSizeMax: 100,
} as const;

export const MAX_SEND_REQUEST_BYTES =
  MESSAGE_LIMITS.attachmentMaxBytes * MESSAGE_LIMITS.attachmentsPerMessage + MESSAGE_LIMITS.requestOverheadBytes;

/** What the file picker offers; the server still decides by content (lib/messages/attachment-types.ts). */
export const ATTACHMENT_ACCEPT = "image/png,image/jpeg,image/webp,image/gif,application/pdf,text/plain,.txt,.log,.md,.csv";

/** An idempotency key chosen by the sender's browser, one per message. */
export const clientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "Must be 8 to 64 letters, digits, '-' or '_'.");

export const sendMessageSchema = z.object({
  body: text("Write a message.")
    .max(MESSAGE_LIMITS.bodyMaxChars, `Keep a message under ${MESSAGE_LIMITS.bodyMaxChars} characters.`)
    .transform((s) => s.replace(/\r\n?/g, "\n").trim()),
  clientId: clientIdSchema,
});
export type SendMessageFields = z.infer<typeof sendMessageSchema>;

export const listMessagesQuerySchema = z.object({
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MESSAGE_LIMITS.pageSizeMax).default(MESSAGE_LIMITS.pageSize),
});

export const markReadSchema = z.object({
  /** the newest message the reader has seen; default: the conversation's newest */
  upToMessageId: z.uuid().optional(),
});

/** pusher-js posts these (form-encoded by default, JSON from our client). */
export const channelAuthSchema = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "Not a socket id."),
  channel_name: text().min(1).max(200),
});

/** Sent by the browser so the sender's own socket is left out of the announcement. */
export const socketIdHeaderSchema = z.string().regex(/^\d+\.\d+$/);

import "server-only";
// Reads a send request: JSON ({ body, clientId }) or multipart/form-data (body,
// clientId, and files under "attachments"), never buffering more than the
// largest request a send may be (413 past it, before parsing).
import { ApiError } from "@/lib/errors";
import { MAX_SEND_REQUEST_BYTES, sendMessageSchema, socketIdHeaderSchema, type SendMessageFields } from "@/lib/validation/messages";
import type { IncomingFile } from "./prepare-attachment";

export interface SendRequest {
  fields: SendMessageFields;
  files: IncomingFile[];
  socketId?: string;
}

const tooLarge = () =>
  new ApiError("payload_too_large", `A message with its attachments may be at most ${Math.floor(MAX_SEND_REQUEST_BYTES / 1024 / 1024)} MB.`);

async function readCapped(req: Request, max: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function readSendRequest(req: Request): Promise<SendRequest> {
  const socketHeader = req.headers.get("x-socket-id");
  const socketId = socketHeader && socketIdHeaderSchema.safeParse(socketHeader).success ? socketHeader : undefined;
  const contentType = req.headers.get("content-type") ?? "";
  const raw = await readCapped(req, MAX_SEND_REQUEST_BYTES);

  if (contentType.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
    } catch {
      throw new ApiError("bad_request", "The form data could not be read.");
    }
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : "";
    };
    const fields = sendMessageSchema.parse({ body: text("body"), clientId: text("clientId") });
    const files: IncomingFile[] = [];
    for (const entry of form.getAll("attachments")) {
      if (typeof entry === "string") continue;
      files.push({ name: entry.name, bytes: Buffer.from(await entry.arrayBuffer()) });
    }
    return { fields, files, socketId };
  }

  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8") || "{}");
  } catch {
    json = {};
  }
  return { fields: sendMessageSchema.parse(json), files: [], socketId };
}

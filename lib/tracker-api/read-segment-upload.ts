import "server-only";
// The multipart body of POST /api/tracker/v1/segments, read with a hard size
// cap (a declared or streamed body past it is 413 before it is buffered), then
// split (./multipart.ts, no copies) into the validated JSON fields and the
// screenshot bytes.
import { ApiError } from "@/lib/errors";
import { LIMITS } from "@/lib/config/limits";
import { SEGMENT_UPLOAD_PARTS, segmentFieldsSchema, type SegmentFields } from "@/lib/validation/tracker";
import { summarizeFields } from "@/lib/validation/field-labels";
import { multipartBoundary, parseMultipart } from "./multipart";

export interface SegmentUpload {
  fields: SegmentFields;
  screenshot: Buffer;
}

const MAX_BODY = LIMITS.screenshotMaxBytes + LIMITS.segmentUploadOverheadBytes;
const tooLarge = () => new ApiError("payload_too_large", `The upload is larger than ${LIMITS.screenshotMaxBytes / 1024 / 1024} MB.`, { fields: { screenshot: "Too large." } });

async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

function malformed(field: string, message: string): ApiError {
  return new ApiError("validation_failed", summarizeFields({ [field]: message }), { fields: { [field]: message } });
}

export async function readSegmentUpload(req: Request): Promise<SegmentUpload> {
  const contentType = req.headers.get("content-type") ?? "";
  const boundary = multipartBoundary(contentType);
  if (!boundary) {
    throw new ApiError("unsupported_media_type", `Send the segment as multipart/form-data with a "${SEGMENT_UPLOAD_PARTS.fields}" JSON part and a "${SEGMENT_UPLOAD_PARTS.screenshot}" file.`);
  }
  if (Number(req.headers.get("content-length")) > MAX_BODY) throw tooLarge();
  const body = await readCapped(req.body, MAX_BODY);

  const parts = parseMultipart(body, boundary);
  if (!parts) throw malformed("body", "The multipart body could not be read.");
  // As FormData.get: the first part of a name; a part with a file name is a file, else a text field.
  const part = (name: string) => parts.find((p) => p.name === name);

  const rawFields = part(SEGMENT_UPLOAD_PARTS.fields);
  if (!rawFields) throw malformed(SEGMENT_UPLOAD_PARTS.fields, "Missing: send the segment's fields as JSON in this part.");
  let json: unknown;
  try {
    json = JSON.parse(rawFields.data.toString("utf8").replace(/^\uFEFF/, "")); // UTF-8, a BOM dropped as FormData does
  } catch {
    throw malformed(SEGMENT_UPLOAD_PARTS.fields, "Not valid JSON.");
  }
  const fields = segmentFieldsSchema.parse(json);

  const file = part(SEGMENT_UPLOAD_PARTS.screenshot);
  if (!file || file.filename === undefined) throw malformed(SEGMENT_UPLOAD_PARTS.screenshot, "Attach the screenshot as a file.");
  if (file.data.length > LIMITS.screenshotMaxBytes) throw tooLarge();
  if (file.data.length === 0) throw malformed(SEGMENT_UPLOAD_PARTS.screenshot, "The file is empty.");
  // A view into the body: the bytes are not copied again.
  return { fields, screenshot: file.data };
}

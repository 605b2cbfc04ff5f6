// The one responder of every route, the tracker API's included: any error thrown in a handler
// becomes { "error": { "code": "...", "message": "...", "fields"?: {...} } } with its code's status.
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { ApiError, asApiError, fieldsFromZod } from "@/lib/errors";
import { SegmentRejected } from "@/lib/ingest/errors";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { StorageFullError, StorageUnavailableError } from "@/lib/storage/errors";
import { S3Error } from "@/lib/storage/s3";
import { summarizeFields } from "@/lib/validation/field-labels";
import { log } from "@/lib/observability/log";

/**
 * The outside world failing (database, file storage) as the API's answer, or null. Choice: 503 with
 * Retry-After for what comes back by itself, 507 for a full disk (an operator must act), as WebDAV does;
 * both say nothing was stored, and a tracker retries either later (tracker/sender.ts retries every 5xx).
 */
function outage(error: unknown): ApiError | null {
  if (error instanceof StorageFullError) return new ApiError("insufficient_storage", "The portal's storage is full, so nothing was stored. Try again later; the portal's operator has been told.", { retryAfterSeconds: 300 });
  if (error instanceof StorageUnavailableError || (error instanceof S3Error && error.status >= 500)) {
    return new ApiError("unavailable", "The portal's file storage cannot be reached right now, so nothing was stored. Try again in a minute.", { retryAfterSeconds: 30 });
  }
  if (isDatabaseUnavailable(error)) return new ApiError("unavailable", "The portal's database cannot be reached right now. Try again in a minute.", { retryAfterSeconds: 10 });
  return null;
}

export function errorResponse(thrown: unknown): NextResponse {
  const down = outage(thrown);
  if (down) {
    log.error(`outage: ${down.message}`, { err: thrown }); // operators see the cause; the caller gets one sentence
    return errorResponse(down);
  }
  const error = asApiError(thrown); // a billing rule's refusal no call site wrapped is still a 422
  if (error instanceof ZodError) {
    const fields = fieldsFromZod(error);
    // `fields` keeps the keys the forms match to inputs; `message` is what a person reads, in words.
    return NextResponse.json({ error: { code: "validation_failed", message: summarizeFields(fields), fields } }, { status: 422 });
  }
  // A tracked segment refused by a rule: the same shape plus machine-readable `reasons` (docs/tracker-api.md).
  if (error instanceof SegmentRejected) return NextResponse.json(error.toBody(), { status: 422 });
  if (error instanceof ApiError) {
    const headers: Record<string, string> = {};
    if (error.details.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.details.retryAfterSeconds);
    return NextResponse.json(
      { error: { code: error.code, message: error.message, ...(error.details.fields ? { fields: error.details.fields } : {}) } },
      { status: error.status, headers },
    );
  }
  // Never leak internals; log for operators.
  log.error("unhandled error in a route", { err: error }); // with the request id; secrets scrubbed (lib/observability/log.ts)
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side. Please try again." } }, { status: 500 });
}

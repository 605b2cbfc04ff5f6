// The one responder of every route, the tracker API's included: any error thrown in a handler
// becomes { "error": { "code": "...", "message": "...", "fields"?: {...} } } with its code's status.
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { ApiError, asApiError, fieldsFromZod } from "@/lib/errors";
import { SegmentRejected } from "@/lib/ingest/errors";
import { summarizeFields } from "@/lib/validation/field-labels";
import { log } from "@/lib/observability/log";

export function errorResponse(thrown: unknown): NextResponse {
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

// One error type and one error shape for every route:
// { "error": { "code": "...", "message": "...", "fields"?: {...} } }
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { ApiError, fieldsFromZod } from "@/lib/errors";
import { summarizeFields } from "@/lib/validation/field-labels";

export { API_ERROR_STATUS, ApiError, fieldsFromZod, notFound, type ApiErrorCode } from "@/lib/errors";

export function errorResponse(error: unknown): NextResponse {
  if (error instanceof ZodError) {
    const fields = fieldsFromZod(error);
    // `fields` keeps the keys the forms match to inputs; `message` is what a person reads, in words.
    return NextResponse.json({ error: { code: "validation_failed", message: summarizeFields(fields), fields } }, { status: 422 });
  }
  if (error instanceof ApiError) {
    const headers: Record<string, string> = {};
    if (error.details.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.details.retryAfterSeconds);
    return NextResponse.json(
      { error: { code: error.code, message: error.message, ...(error.details.fields ? { fields: error.details.fields } : {}) } },
      { status: error.status, headers },
    );
  }
  // Never leak internals; log for operators.
  console.error("[api] unhandled error", error);
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side. Please try again." } }, { status: 500 });
}

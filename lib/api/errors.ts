// One error type and one error shape for every route:
// { "error": { "code": "...", "message": "...", "fields"?: {...} } }
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { summarizeFields } from "@/lib/validation/field-labels";

export const API_ERROR_STATUS = {
  validation_failed: 422,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: { fields?: Record<string, string>; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}

export const notFound = (what = "Not found") => new ApiError("not_found", what);

/** Field errors named by their path, e.g. { "amountCents": "Must be at least 1." } */
export function fieldsFromZod(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "body";
    fields[key] ??= issue.message;
  }
  return fields;
}

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

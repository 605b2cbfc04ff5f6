// The one error type of the portal's services, framework-free: a service throws an ApiError (or a
// rule's BillingError) and the route layer (app/api/_lib/respond.ts) answers it in one shape,
// { "error": { "code": "...", "message": "...", "fields"?: {...} } }, with the status of its code.
import type { ZodError } from "zod";

export const API_ERROR_STATUS = {
  validation_failed: 422,
  /** R16.3 a wrong, replayed or used code (fields: { code }) */
  second_factor_invalid: 422,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  /** R16.3 two-step verification is on and no code came with the request */
  second_factor_required: 401,
  /** R15.1 a segment upload without a signature, from a device without a registered key, or whose signature does not verify */
  signature_required: 422,
  device_key_missing: 422,
  signature_invalid: 422,
  /** R15.1 a signed screenshot the portal would have to re-encode (so it could no longer be checked against its signature) */
  screenshot_not_plain: 422,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** R17.1 the person called is on another call (the attempt is recorded as busy) */
  busy: 409,
  /** R17.1 the caller is already in a call, ringing or answered */
  already_in_call: 409,
  /** R17.1 another tab of the callee answered first */
  already_answered: 409,
  /** R17.1 the call is over */
  call_ended: 409,
  /** R17.1 this tab is not one of the call's two tabs, or the call is not answered yet */
  not_in_call: 409,
  /** R16.2 an emailed link past its time, or already used */
  expired: 410,
  used: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  /** the database or the file storage cannot be reached for now; nothing was stored (Retry-After) */
  unavailable: 503,
  /** the local storage's disk is full; nothing was stored */
  insufficient_storage: 507,
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

/** A 422 naming one request field. */
export function invalid(field: string, message: string): ApiError {
  return new ApiError("validation_failed", message, { fields: { [field]: message } });
}

/** Field errors named by their path, e.g. { "amountCents": "Must be at least 1." } */
export function fieldsFromZod(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "body";
    fields[key] ??= issue.message;
  }
  return fields;
}

/** What lib/billing/errors.ts's BillingError carries: the rules refuse bad input with one, naming the field. */
interface RuleRefusal extends Error {
  name: "BillingError";
  code: string;
  field: string;
  /** the refusal in a person's words; `message` is for developers */
  userMessage?: string;
}

// Choice: recognised by its name and shape rather than `instanceof`, so that this bottom floor
// imports nothing above it (lib/billing sits a floor higher, and imports only lib/config).
function isRuleRefusal(error: unknown): error is RuleRefusal {
  return error instanceof Error && error.name === "BillingError" && typeof (error as { field?: unknown }).field === "string";
}

/**
 * A billing rule's refusal as the 422 it is, naming `fieldMap[error.field] ?? error.field`; any other
 * error as it was. The responder applies it to every error, so a refusal no call site wrapped still
 * answers 422, not 500.
 */
export function asApiError(error: unknown, fieldMap: Record<string, string> = {}): unknown {
  if (!isRuleRefusal(error)) return error;
  return invalid(fieldMap[error.field] ?? error.field, error.userMessage ?? error.message);
}

/** Runs a rule; a BillingError becomes a 422 naming the request's field (`fieldMap` renames the rule's). */
export function rule<T>(fn: () => T, fieldMap: Record<string, string> = {}): T {
  try {
    return fn();
  } catch (error) {
    throw asApiError(error, fieldMap);
  }
}

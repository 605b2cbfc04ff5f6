// lib/billing refuses bad input with a BillingError naming the field; the API
// answers 422 naming the request's field.
import { ApiError } from "@/lib/api/errors";
import { isBillingError } from "@/lib/billing";

/** Runs a rule; a BillingError becomes a 422 naming `fieldMap[error.field] ?? error.field`. */
export function rule<T>(fn: () => T, fieldMap: Record<string, string> = {}): T {
  try {
    return fn();
  } catch (error) {
    if (isBillingError(error)) {
      const field = fieldMap[error.field] ?? error.field;
      throw new ApiError("validation_failed", error.message, { fields: { [field]: error.message } });
    }
    throw error;
  }
}

export function invalid(field: string, message: string): ApiError {
  return new ApiError("validation_failed", message, { fields: { [field]: message } });
}

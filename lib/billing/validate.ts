// Input guards shared by the rule modules. Internal: the public API re-exports
// only assertCents and assertSlotStart (from time.ts).
import { BillingError } from "./errors";

/** Integer cents >= 0 within the safe-integer range. */
export function assertCents(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new BillingError("INVALID_CENTS", field, `${field} must be a non-negative integer number of cents, got ${String(value)}`);
  }
  return value;
}

/** Integer cents > 0. */
export function assertPositiveCents(value: number, field: string): number {
  assertCents(value, field);
  if (value === 0) throw new BillingError("AMOUNT_NOT_POSITIVE", field, `${field} must be at least 1 cent`);
  return value;
}

export function assertMinutes(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new BillingError("INVALID_MINUTES", field, `${field} must be a non-negative integer number of minutes, got ${String(value)}`);
  }
  return value;
}

export function assertBasisPoints(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 10_000) {
    throw new BillingError("INVALID_BASIS_POINTS", field, `${field} must be an integer in 0..10000 basis points, got ${String(value)}`);
  }
  return value;
}

/** A valid Date as epoch milliseconds. */
export function msOf(value: Date, field: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new BillingError("INVALID_DATE", field, `${field} must be a valid Date`);
  return ms;
}

/** `later` must not come before `earlier`. */
export function assertOrdered(earlierMs: number, laterMs: number, field: string): void {
  if (laterMs < earlierMs) throw new BillingError("END_BEFORE_START", field, `${field} is before its start`);
}

// Shared by the *.test.ts files of lib/billing.
import { expect } from "vitest";
import { BillingError, type BillingErrorCode } from "@/lib/billing/errors";

/** Asserts `fn` throws a BillingError with this code (and field, when given). */
export function expectBillingError(fn: () => unknown, code: BillingErrorCode, field?: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(BillingError);
  expect((thrown as BillingError).code).toBe(code);
  if (field !== undefined) expect((thrown as BillingError).field).toBe(field);
}

export const at = (iso: string): Date => new Date(iso);

// Postgres error codes as they arrive through Prisma and the pg adapter
// (P2010 raw query failures carry the driver error in meta.driverAdapterError).
type ErrorLike = { code?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { code?: unknown; message?: unknown } } } };

export function pgErrorCode(error: unknown): string | undefined {
  const e = error as ErrorLike | null;
  if (!e || typeof e !== "object") return undefined;
  const fromMeta = e.meta?.driverAdapterError?.cause?.code;
  if (typeof fromMeta === "string") return fromMeta;
  const cause = e.cause as ErrorLike | undefined;
  if (cause && typeof cause.code === "string" && /^[0-9A-Z]{5}$/.test(cause.code)) return cause.code;
  if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return undefined;
}

export function pgErrorMessage(error: unknown): string {
  const e = error as ErrorLike | null;
  const m = e?.meta?.driverAdapterError?.cause?.message;
  return typeof m === "string" ? m : error instanceof Error ? error.message : String(error);
}

/** R10.4 the database refused to take an account below zero (or a transfer that does not balance). */
export function isCheckViolation(error: unknown): boolean {
  return pgErrorCode(error) === "23514";
}

/** An overdraft refused by `ledger_accounts_nonneg`. */
export function isOverdraft(error: unknown): boolean {
  return isCheckViolation(error) && pgErrorMessage(error).includes("ledger_accounts_nonneg");
}

export function isUniqueViolation(error: unknown): boolean {
  return pgErrorCode(error) === "23505" || (error as ErrorLike | null)?.code === "P2002";
}

/** Serialization failures and deadlocks: the transaction may simply be run again. */
export function isRetryable(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === "40001" || code === "40P01" || (error as ErrorLike | null)?.code === "P2034";
}

// The outside world failing under the stores: the answer says so (503, 507) instead of a 500, and the caller
// (ingest, attachments) has stored nothing. Mapped to the API's shape in app/api/_lib/respond.ts.

/** The store cannot be reached or answers with a server error (S3 down, network cut mid-request). */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StorageUnavailableError";
  }
}

/** The disk under the local store is full (ENOSPC) or the user's quota is used up (EDQUOT). */
export class StorageFullError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StorageFullError";
  }
}

/** A write's error as one of the above when it is one, else itself. */
export function localWriteError(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOSPC" || code === "EDQUOT") return new StorageFullError(`The local storage's disk is full (${code}).`, { cause: error });
  return error;
}

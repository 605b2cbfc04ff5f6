// The database gone for a moment (restarted, failed over, unreachable): what the pg driver and Prisma's pg
// adapter throw then, so a request answers 503 at once instead of a 500, and the pool reconnects by itself.

/**
 * SQLSTATE class 08 (connection exception), 57P01-57P03 (shut down, crashed, starting up), 53300 (too many
 * connections); Prisma's P1001 (cannot reach), P1002 and P1008 (timed out), P1017 (server closed the connection).
 */
const SQLSTATES = /^(08\d{3}|57P0[1-3]|53300|P100[128]|P1017)$/;
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND"]);
// pg's own words for a connection lost or never made (it sets no code on these)
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed/i;

/** True when `error` (or its cause, or a Prisma adapter error's original) is the database being unreachable. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown }; originalCode?: unknown };
  for (const code of [e.code, e.originalCode]) {
    if (typeof code === "string" && (SQLSTATES.test(code) || SOCKET_CODES.has(code))) return true;
  }
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}

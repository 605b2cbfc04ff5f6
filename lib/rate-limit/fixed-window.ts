import "server-only";
// Fixed one-minute windows counted in PostgreSQL, so every web instance shares
// them. Used for failed sign-ins and the tracker API.
import { db } from "@/lib/db/client";

export interface WindowState {
  count: number;
  retryAfterSeconds: number;
}

function windowStart(at: Date, windowMs: number): Date {
  return new Date(Math.floor(at.getTime() / windowMs) * windowMs);
}

/** Current count for a key without adding to it. */
export async function peek(key: string, at: Date, windowMs = 60_000): Promise<WindowState> {
  const start = windowStart(at, windowMs);
  const row = await db().rateLimitWindow.findUnique({ where: { key_windowStart: { key, windowStart: start } } });
  return { count: row?.count ?? 0, retryAfterSeconds: Math.max(1, Math.ceil((start.getTime() + windowMs - at.getTime()) / 1000)) };
}

/** Add one hit and return the new count (atomic upsert). */
export async function hit(key: string, at: Date, windowMs = 60_000): Promise<WindowState> {
  const start = windowStart(at, windowMs);
  const rows = await db().$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limit_windows (key, window_start, count) VALUES (${key}, ${start}, 1)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_windows.count + 1
    RETURNING count`;
  return {
    count: rows[0]?.count ?? 1,
    retryAfterSeconds: Math.max(1, Math.ceil((start.getTime() + windowMs - at.getTime()) / 1000)),
  };
}

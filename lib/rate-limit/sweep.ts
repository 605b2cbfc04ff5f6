import "server-only";
import { db } from "@/lib/db/client";

/** Windows older than this are never read again (the longest, withdrawal passwords, is 15 minutes). */
const KEEP_MS = 60 * 60_000;

/** Deletes rate-limit counters (and password-attempt logs idle as long) that no limit reads any more; returns how many. */
export async function sweepRateLimitWindows(now: Date): Promise<number> {
  const before = new Date(now.getTime() - KEEP_MS);
  const windows = await db().$executeRaw`DELETE FROM rate_limit_windows WHERE window_start < ${before}`;
  const attempts = await db().$executeRaw`DELETE FROM rate_limit_attempts WHERE updated_at < ${before}`;
  return windows + attempts;
}

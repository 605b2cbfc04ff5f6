import "server-only";
// A sliding window over one-second buckets in the same table as the fixed
// windows. Used for failed sign-ins, where a burst that straddles a minute
// boundary must still count as one burst (a fixed window would let 2 x 10
// attempts through in two seconds).
import { db } from "@/lib/db/client";
import { hit, type WindowState } from "./fixed-window";

const BUCKET_MS = 1_000;

/** Adds one hit to the current one-second bucket of `key`. */
export function hitSliding(key: string, at: Date): Promise<WindowState> {
  return hit(key, at, BUCKET_MS);
}

/**
 * Hits of `key` in the `windowMs` up to `at`. When there are at least `limit`,
 * retryAfterSeconds is when enough of them have aged out to let one more in.
 */
export async function peekSliding(key: string, at: Date, limit: number, windowMs = 60_000): Promise<WindowState> {
  const since = new Date(at.getTime() - windowMs);
  const buckets = await db().$queryRaw<{ start: Date; count: number }[]>`
    SELECT window_start AS start, count FROM rate_limit_windows
    WHERE key = ${key} AND window_start > ${since} AND window_start <= ${at}
    ORDER BY window_start DESC`;
  let count = 0;
  let retryAfterSeconds = 1;
  for (const bucket of buckets) {
    count += bucket.count;
    // The newest buckets that alone reach the limit: the last of them must age out first.
    if (count >= limit && retryAfterSeconds === 1) {
      retryAfterSeconds = Math.max(1, Math.ceil((bucket.start.getTime() + windowMs - at.getTime()) / 1000));
    }
  }
  return { count, retryAfterSeconds };
}

import "server-only";
// Password attempts (sign-in, withdrawal confirmation) counted BEFORE the slow check, so parallel guesses cannot
// all slip through. One row per key holds a sliding-window log; one upsert prunes and appends under the row lock,
// so exactly `limit` are admitted whatever the concurrency. Successful checks are refunded: only failures count.
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";

export interface AttemptLimit {
  key: string;
  limit: number;
  windowMs: number;
}

interface Admitted {
  admitted: boolean;
  retryAfterSeconds: number;
}

/** Records one attempt on `key` at `at` unless `limit` are already in the window; one statement. */
export async function admitAttempt({ key, limit, windowMs }: AttemptLimit, at: Date): Promise<Admitted> {
  const since = new Date(at.getTime() - windowMs);
  const rows = await db().$queryRaw<{ admitted: boolean; attempts: Date[] }[]>`
    WITH admitted AS (
      INSERT INTO rate_limit_attempts AS l (key, attempts, updated_at) VALUES (${key}, ARRAY[${at}::timestamptz], ${at})
      ON CONFLICT (key) DO UPDATE
        SET attempts = ARRAY(SELECT a FROM unnest(l.attempts) a WHERE a > ${since} ORDER BY a) || ${at}::timestamptz,
            updated_at = ${at}
        WHERE (SELECT count(*) FROM unnest(l.attempts) a WHERE a > ${since}) < ${limit}
      RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM admitted) AS admitted,
           ARRAY(SELECT a FROM rate_limit_attempts, unnest(attempts) a WHERE key = ${key} AND a > ${since} ORDER BY a) AS attempts`;
  const row = rows[0];
  if (row?.admitted) return { admitted: true, retryAfterSeconds: 0 };
  // Refused: the window lets one more in once enough of the newest `limit` attempts have aged out.
  const attempts = row?.attempts ?? [];
  const oldestThatMustAge = attempts[Math.max(0, attempts.length - limit)];
  const waitMs = oldestThatMustAge ? oldestThatMustAge.getTime() + windowMs - at.getTime() : 1_000;
  return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** Takes back one attempt recorded by admitAttempt (one occurrence of `at`, not all equal ones). */
export async function refundAttempt(key: string, at: Date): Promise<void> {
  await db().$executeRaw`
    UPDATE rate_limit_attempts
    SET attempts = attempts[:array_position(attempts, ${at}::timestamptz) - 1] || attempts[array_position(attempts, ${at}::timestamptz) + 1:]
    WHERE key = ${key} AND ${at}::timestamptz = ANY (attempts)`;
}

/**
 * Counts one request against every limit (each counted, none refunded: for requests that send mail, such as a
 * password reset); 429 with Retry-After when any limit is already reached.
 */
export async function admitRequest(limits: readonly AttemptLimit[], at: Date, refusal: (retryAfterSeconds: number) => string): Promise<void> {
  const refused = (await Promise.all(limits.map((l) => admitAttempt(l, at)))).filter((r) => !r.admitted);
  if (refused.length === 0) return;
  const retryAfterSeconds = Math.max(...refused.map((r) => r.retryAfterSeconds));
  throw new ApiError("rate_limited", refusal(retryAfterSeconds), { retryAfterSeconds });
}

/**
 * Runs `check` (a password check) as one attempt against every limit: 429 with Retry-After, before
 * `check` runs, when any limit is reached. The attempt stays counted only when `check` answers
 * false; a success, an error (e.g. too busy to check) or a refusal by another limit refunds it.
 */
export async function limitedAttempt(
  limits: readonly AttemptLimit[],
  at: Date,
  refusal: (retryAfterSeconds: number) => string,
  check: () => Promise<boolean>,
): Promise<boolean> {
  const results = await Promise.all(limits.map((l) => admitAttempt(l, at)));
  const refundAll = () => Promise.all(limits.filter((_, i) => results[i]!.admitted).map((l) => refundAttempt(l.key, at)));
  const refused = results.filter((r) => !r.admitted);
  if (refused.length > 0) {
    await refundAll();
    const retryAfterSeconds = Math.max(...refused.map((r) => r.retryAfterSeconds));
    throw new ApiError("rate_limited", refusal(retryAfterSeconds), { retryAfterSeconds });
  }
  let ok: boolean;
  try {
    ok = await check();
  } catch (error) {
    await refundAll();
    throw error;
  }
  if (ok) await refundAll();
  return ok;
}

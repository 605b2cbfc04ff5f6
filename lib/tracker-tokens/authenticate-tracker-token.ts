import "server-only";
import { sql } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { LIMITS } from "@/lib/config/limits";
import { hashToken, TOKEN_PREFIX } from "./create-tracker-token";

export interface TrackerPrincipal {
  userId: string;
  tokenId: string;
  /** R15.1 the device's registered Ed25519 public key (base64url) and its id; null until registered, absent for the portal's own actions */
  publicKey?: string | null;
  keyId?: string | null;
}

const UNAUTHENTICATED = "Missing, unknown or revoked tracker token. Sign the tracker in again, or create a token in Settings > Tracker.";
const WINDOW_MS = 60_000;

// One statement and one round trip on every tracker request: the token (live, its freelancer not
// suspended), one hit on its per-minute window (rate_limit_windows, key `tracker:<token id>`),
// and last_used_at once per resolution while under the limit.
// An unknown or revoked token counts nothing.
const AUTHENTICATE = `
  WITH t AS (
    SELECT tt.id, tt.user_id, tt.last_used_at, tt.public_key, tt.key_id
    FROM tracker_tokens tt JOIN users u ON u.id = tt.user_id
    WHERE tt.token_hash = $1 AND tt.revoked_at IS NULL AND u.suspended_at IS NULL AND u.role = 'FREELANCER'
  ), hit AS (
    INSERT INTO rate_limit_windows (key, window_start, count)
    SELECT 'tracker:' || t.id::text, $2::timestamptz, 1 FROM t
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_windows.count + 1
    RETURNING count
  ), used AS (
    UPDATE tracker_tokens tt SET last_used_at = $3::timestamptz
    FROM t
    WHERE tt.id = t.id AND (t.last_used_at IS NULL OR t.last_used_at <= $3::timestamptz - $4::int * interval '1 millisecond')
      AND (SELECT count FROM hit) <= $5::int
  )
  SELECT t.id::text AS id, t.user_id::text AS user_id, t.public_key, t.key_id, (SELECT count FROM hit)::int AS count FROM t`;

/** `Authorization: Bearer hgt_...` to the token's freelancer, or 401; over the per-token rate, 429. */
export async function authenticateTrackerToken(header: string | null, now: Date): Promise<TrackerPrincipal> {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  const token = match?.[1];
  if (!token || !token.startsWith(TOKEN_PREFIX)) throw new ApiError("unauthenticated", UNAUTHENTICATED);

  const windowStart = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
  const { rows } = await sql().query<{ id: string; user_id: string; public_key: string | null; key_id: string | null; count: number }>({
    name: "tracker-authenticate",
    text: AUTHENTICATE,
    // Instants as ISO strings, as in ingest's INSERT: pg's own Date formatting is slower.
    values: [hashToken(token), windowStart.toISOString(), now.toISOString(), LIMITS.tokenLastUsedResolutionMs, LIMITS.trackerRequestsPerMinute],
  });
  const row = rows[0];
  if (!row) throw new ApiError("unauthenticated", UNAUTHENTICATED);

  if (row.count > LIMITS.trackerRequestsPerMinute) {
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000));
    throw new ApiError("rate_limited", `Too many requests for this token. Retry in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
  }
  return { userId: row.user_id, tokenId: row.id, publicKey: row.public_key, keyId: row.key_id };
}

import "server-only";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/api/errors";
import { LIMITS } from "@/lib/config/limits";
import { hit } from "@/lib/rate-limit/fixed-window";
import { hashToken, TOKEN_PREFIX } from "./create-tracker-token";

export interface TrackerPrincipal {
  userId: string;
  tokenId: string;
}

const UNAUTHENTICATED = "Missing, unknown or revoked tracker token. Create a new one in Settings > Tracker tokens.";

/** `Authorization: Bearer hgt_...` to the token's freelancer, or 401; over the per-token rate, 429. */
export async function authenticateTrackerToken(header: string | null, now: Date): Promise<TrackerPrincipal> {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  const token = match?.[1];
  if (!token || !token.startsWith(TOKEN_PREFIX)) throw new ApiError("unauthenticated", UNAUTHENTICATED);

  const row = await db().trackerToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, revokedAt: true, lastUsedAt: true, user: { select: { suspendedAt: true, role: true } } },
  });
  if (!row || row.revokedAt || row.user.suspendedAt || row.user.role !== "FREELANCER") {
    throw new ApiError("unauthenticated", UNAUTHENTICATED);
  }

  const window = await hit(`tracker:${row.id}`, now);
  if (window.count > LIMITS.trackerRequestsPerMinute) {
    throw new ApiError("rate_limited", `Too many requests for this token. Retry in ${window.retryAfterSeconds} seconds.`, {
      retryAfterSeconds: window.retryAfterSeconds,
    });
  }

  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LIMITS.tokenLastUsedResolutionMs) {
    await db().trackerToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { userId: row.userId, tokenId: row.id };
}

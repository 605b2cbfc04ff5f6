import "server-only";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { TrackerPrincipal } from "./authenticate-tracker-token";

/** Revoking twice is harmless; another user's token is 404, as if it did not exist. */
export async function revokeTrackerToken(user: CurrentUser, tokenId: string, now: Date): Promise<void> {
  const updated = await db().trackerToken.updateMany({
    where: { id: tokenId, userId: user.id, revokedAt: null },
    data: { revokedAt: now },
  });
  if (updated.count === 0) {
    const mine = await db().trackerToken.count({ where: { id: tokenId, userId: user.id } });
    if (mine === 0) throw notFound("No such tracker token.");
  }
}

/** Sign-out from the tracker: the token that authenticated this request revokes itself. */
export async function revokeOwnTrackerToken(principal: TrackerPrincipal, now: Date): Promise<void> {
  await db().trackerToken.updateMany({ where: { id: principal.tokenId, userId: principal.userId, revokedAt: null }, data: { revokedAt: now } });
}

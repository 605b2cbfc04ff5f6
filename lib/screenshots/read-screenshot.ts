import "server-only";
// A segment's screenshot for the people on its contract: its client, its
// freelancer, and admins. Anyone else gets the same answer as for a segment
// that does not exist.
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { blobStore } from "@/lib/storage";
import type { CurrentUser } from "@/lib/auth/current-user";

export type ScreenshotVariant = "full" | "thumb";

export interface ScreenshotFile {
  /** null when the caller's If-None-Match already holds this file */
  bytes: Buffer | null;
  contentType: "image/jpeg" | "image/webp";
  /** strong validator: a screenshot's bytes never change (R2.6: a resend returns the stored one) */
  etag: string;
}

/**
 * The screenshot if the user may see it, else not_found. With `ifNoneMatch` holding its ETag the
 * file is not read at all (bytes: null): access is still checked first, so a 304 tells an outsider
 * nothing a 404 would not.
 */
export async function readScreenshot(user: CurrentUser, segmentId: string, variant: ScreenshotVariant, ifNoneMatch?: string | null): Promise<ScreenshotFile> {
  const shot = await db().screenshot.findFirst({
    where: {
      segmentId,
      segment: {
        deletedAt: null,
        ...(user.role === "ADMIN" ? {} : { contract: { OR: [{ clientId: user.id }, { freelancerId: user.id }] } }),
      },
    },
    select: { id: true, storageKey: true, thumbKey: true },
  });
  if (!shot) throw notFound("No such screenshot.");
  const contentType = variant === "full" ? "image/jpeg" : "image/webp";
  // The screenshot row's own id: a segment whose screenshot was replaced (a slot refilled after a
  // deletion is a new segment anyway) can never answer with an old validator.
  const etag = `"${shot.id}-${variant}"`;
  if (ifNoneMatch && matchesEtag(ifNoneMatch, etag)) return { bytes: null, contentType, etag };
  const bytes = await blobStore().get(variant === "full" ? shot.storageKey : shot.thumbKey);
  if (!bytes) throw notFound("No such screenshot.");
  return { bytes, contentType, etag };
}

/** If-None-Match: a list of (possibly weak) tags, or "*". */
function matchesEtag(header: string, etag: string): boolean {
  return header.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag === etag || tag === `W/${etag}`;
  });
}

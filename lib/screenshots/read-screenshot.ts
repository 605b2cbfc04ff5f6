import "server-only";
// A segment's screenshot for the people on its contract: its client, its
// freelancer, and admins. Anyone else gets the same answer as for a segment
// that does not exist.
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/api/errors";
import { blobStore } from "@/lib/storage";
import type { CurrentUser } from "@/lib/auth/current-user";

export type ScreenshotVariant = "full" | "thumb";

export interface ScreenshotFile {
  bytes: Buffer;
  contentType: "image/jpeg" | "image/webp";
}

export async function readScreenshot(user: CurrentUser, segmentId: string, variant: ScreenshotVariant): Promise<ScreenshotFile> {
  const shot = await db().screenshot.findFirst({
    where: {
      segmentId,
      segment: {
        deletedAt: null,
        ...(user.role === "ADMIN" ? {} : { contract: { OR: [{ clientId: user.id }, { freelancerId: user.id }] } }),
      },
    },
    select: { storageKey: true, thumbKey: true },
  });
  if (!shot) throw notFound("No such screenshot.");
  const bytes = await blobStore().get(variant === "full" ? shot.storageKey : shot.thumbKey);
  if (!bytes) throw notFound("No such screenshot.");
  return { bytes, contentType: variant === "full" ? "image/jpeg" : "image/webp" };
}

import "server-only";
// A stored segment as the tracker API answers it.
import { db } from "@/lib/db/client";
import type { StoredSegment } from "@/lib/validation/tracker";

/** Portal paths of a segment's screenshot; they answer only to people on the contract. */
export function screenshotUrls(segmentId: string): { url: string; thumbUrl: string } {
  return { url: `/api/screenshots/${segmentId}/full`, thumbUrl: `/api/screenshots/${segmentId}/thumb` };
}

/** The live segment with this id, or null. Callers have already checked ownership. */
export async function loadStoredSegment(segmentId: string): Promise<StoredSegment | null> {
  const s = await db().segment.findFirst({ where: { id: segmentId, deletedAt: null }, include: { screenshot: true } });
  if (!s) return null;
  return {
    id: s.id,
    contractId: s.contractId,
    slotStart: s.slotStart.toISOString(),
    kind: s.kind,
    memo: s.memo,
    keyboardCounts: s.keyboardCounts,
    mouseCounts: s.mouseCounts,
    activityLevel: s.activityLevel,
    createdAt: s.createdAt.toISOString(),
    screenshot: s.screenshot
      ? {
          takenAt: s.screenshot.takenAt.toISOString(),
          width: s.screenshot.width,
          height: s.screenshot.height,
          bytes: s.screenshot.bytes,
          thumbBytes: s.screenshot.thumbBytes,
          ...screenshotUrls(s.id),
        }
      : null,
  };
}

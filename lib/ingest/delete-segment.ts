import "server-only";
// DELETE /api/tracker/v1/segments/:id: the freelancer removes one of their own
// segments while its week is still editable (R1.3).
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { isWeekEditable, weekStartOf } from "@/lib/billing";
import { blobStore } from "@/lib/storage";
import { log } from "@/lib/observability/log";
import { notify } from "@/lib/realtime/notify";
import type { TrackerPrincipal } from "@/lib/tracker-tokens/authenticate-tracker-token";
import { SegmentRejected } from "./errors";
import { appendProofRecords } from "@/lib/proof/chain";
import { segmentDeletedDraft } from "@/lib/proof/drafts";

export interface DeleteSegmentResult {
  /** false when it had been deleted already */
  deleted: boolean;
}

/**
 * Soft-deletes the segment (the row stays for audit; the slot can take a new one).
 * Choice: its screenshot row and image files are removed: a slot is most often deleted because the screen showed something private.
 * Choice: deleting an already deleted segment succeeds again (idempotent, for retries).
 */
export async function deleteSegment(principal: TrackerPrincipal, segmentId: string, now: Date): Promise<DeleteSegmentResult> {
  const segment = await db().segment.findFirst({
    where: { id: segmentId, contract: { freelancerId: principal.userId } },
    select: { id: true, contractId: true, slotStart: true, deletedAt: true },
  });
  if (!segment) throw notFound("No such segment.");
  if (segment.deletedAt) return { deleted: false };
  if (!isWeekEditable(weekStartOf(segment.slotStart), now)) throw new SegmentRejected(["WEEK_LOCKED"]);

  const removed = await db().$transaction(async (tx) => {
    const updated = await tx.segment.updateMany({ where: { id: segment.id, deletedAt: null }, data: { deletedAt: now } });
    if (updated.count === 0) return null;
    const shot = await tx.screenshot.findUnique({ where: { segmentId: segment.id }, select: { storageKey: true, thumbKey: true } });
    if (shot) await tx.screenshot.delete({ where: { segmentId: segment.id } });
    // R15.2 the screenshot goes, the segment's record stays, and the deletion is a record of its own
    await appendProofRecords(tx, segment.contractId, [segmentDeletedDraft({ segmentId: segment.id, slotStart: segment.slotStart }, principal.userId, now)]);
    return { keys: shot ? [shot.storageKey, shot.thumbKey] : [] };
  });
  if (!removed) return { deleted: false };

  // After the commit. A file that cannot be deleted now is unreferenced, so the orphan sweep takes it.
  await Promise.all(removed.keys.map((key) => blobStore().delete(key).catch((err: unknown) => log.error("ingest: could not delete a stored file", { key, err }))));
  void notify({ event: "segment-changed", data: { contractId: segment.contractId, slotStart: segment.slotStart.toISOString(), segmentId: segment.id, change: "deleted" } });
  return { deleted: true };
}

import "server-only";
// The freelancer deletes selected segments of one contract from the Work Diary. Each deletion is
// judged and done by lib/ingest's deleteSegment (R1.3: editable weeks only), so the portal and the
// tracker API follow one rule; this adds the contract scope and a verdict per segment.
import { db } from "@/lib/db/client";
import { ApiError, invalid, notFound } from "@/lib/errors";
import { isWeekEditable, weekStartOf } from "@/lib/billing";
import type { CurrentUser } from "@/lib/auth/current-user";
import { deleteSegment } from "@/lib/ingest/delete-segment";
import { SegmentRejected } from "@/lib/ingest/errors";
import { contractScope } from "@/lib/contracts/list-contracts";
import type { DeleteSegmentsResult } from "./types";

const REASON_TEXT: Record<string, string> = {
  WEEK_LOCKED: "Its week is closed and locked.", // R1.3
};

/** 404 when the user is not on the contract; 403 when they are on it but are not its freelancer. */
async function assertFreelancerOf(user: CurrentUser, contractId: string): Promise<void> {
  const contract = await db().contract.findFirst({ where: { id: contractId, ...contractScope(user) }, select: { freelancerId: true } });
  if (!contract) throw notFound("No such contract.");
  if (contract.freelancerId !== user.id) throw new ApiError("forbidden", "Only the contract's freelancer can delete its time.");
}

/**
 * Choice: a selection holding any segment of a locked week (R1.3) is refused whole with 422, as the tracker API
 * refuses it, so half a selection is never gone. Otherwise each is deleted on its own; one already gone is listed under `refused`.
 */
export async function deleteDiarySegments(user: CurrentUser, contractId: string, segmentIds: readonly string[], now: Date): Promise<DeleteSegmentsResult> {
  await assertFreelancerOf(user, contractId);
  const found = await db().segment.findMany({
    where: { id: { in: [...segmentIds] }, contractId, contract: { freelancerId: user.id }, deletedAt: null },
    select: { id: true, slotStart: true },
  });
  // the very rule deleteSegment applies, at the same `now`, so none of them would be deleted after this
  const locked = found.filter((s) => !isWeekEditable(weekStartOf(s.slotStart), now)).length;
  if (locked > 0) {
    const which = locked === 1 ? "1 of the selected segments is" : `${locked} of the selected segments are`;
    throw invalid("segmentIds", `${which} in a closed week, which is locked: nothing was deleted.`); // R1.3
  }
  const live = new Set(found.map((s) => s.id));
  const result: DeleteSegmentsResult = { deleted: [], refused: [] };
  // The tracker API's principal is the token's freelancer; deleteSegment reads only its userId,
  // so the portal passes the signed-in freelancer (whose ownership was checked above).
  const principal = { userId: user.id, tokenId: "portal" };
  for (const id of segmentIds) {
    if (!live.has(id)) {
      result.refused.push({ segmentId: id, reason: "It no longer exists (deleted already?)." });
      continue;
    }
    try {
      const r = await deleteSegment(principal, id, now);
      if (r.deleted) result.deleted.push(id);
      else result.refused.push({ segmentId: id, reason: "It was deleted already." });
    } catch (error) {
      if (error instanceof SegmentRejected) {
        result.refused.push({ segmentId: id, reason: error.reasons.map((r) => REASON_TEXT[r] ?? r).join(" ") });
      } else if (error instanceof ApiError && error.code === "not_found") {
        result.refused.push({ segmentId: id, reason: "It no longer exists." });
      } else {
        throw error;
      }
    }
  }
  return result;
}

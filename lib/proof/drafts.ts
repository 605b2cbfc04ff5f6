// No "server-only" marker: the demo seed backfills through this in plain Node.
// R15.2 the record of each event on a contract's time, as the services that make those events
// describe it. What a segment record holds is exactly what was signed (R15.1: SignedSegment).
import type { SegmentSignature } from "@/verifier/src/records";
import type { SignedSegment } from "@/verifier/src/signatures";
import type { ProofDraft } from "./chain";

/** segment_added / manual_time_added: exactly what was signed (R15.1), and its signature (null when stored unsigned, before R15.1). */
export function segmentAddedDraft(segmentId: string, segment: SignedSegment, signature: SegmentSignature | null, at: Date): ProofDraft {
  const data = { segmentId, segment, signature };
  const slot = new Date(segment.slot);
  return segment.manual ? { kind: "manual_time_added", slot, at, data } : { kind: "segment_added", slot, at, data };
}

/** R15.1 what the portal signs for a slot of manual time: no screenshot, no counts, device "portal". */
export function manualSignedSegment(contractId: string, slotStart: Date, memo: string): SignedSegment {
  return { contract: contractId, slot: slotStart.toISOString(), screenshotSha256: null, keyboard: [], mouse: [], memo, takenAt: null, device: "portal", manual: true };
}

/** R15.2 a deletion is a record of its own; the segment's record stays. */
export function segmentDeletedDraft(s: { segmentId: string; slotStart: Date }, by: string, at: Date): ProofDraft {
  return { kind: "segment_deleted", slot: s.slotStart, at, data: { segmentId: s.segmentId, by } };
}

/** The slot a record concerns: the one slot, or null when several (data lists them). */
function slotOf(slots: readonly Date[]): Date | null {
  return slots.length === 1 ? slots[0]! : null;
}

const isoSorted = (slots: readonly Date[]) => slots.map((s) => s.toISOString()).sort();

export function disputeFiledDraft(d: { disputeId: string; reference: string; slots: readonly Date[] }, by: string, at: Date): ProofDraft {
  return { kind: "dispute_filed", slot: slotOf(d.slots), at, data: { disputeId: d.disputeId, reference: d.reference, slots: isoSorted(d.slots), by } };
}

/**
 * outcome: how it ended (accepted, withdrawn, resolved); refundedSlots: the slots refunded to the client.
 * Choice: an escalation to admin review is not recorded: it neither ends the dispute nor changes the time
 * (R15.2 lists filed and settled); the settlement that follows it is.
 */
export function disputeSettledDraft(
  d: { disputeId: string; reference: string; slots: readonly Date[]; outcome: string; refundedSlots: readonly Date[] },
  by: string,
  at: Date,
): ProofDraft {
  return {
    kind: "dispute_settled",
    slot: slotOf(d.slots),
    at,
    data: { disputeId: d.disputeId, reference: d.reference, outcome: d.outcome, refundedSlots: isoSorted(d.refundedSlots), by },
  };
}

// R2.6 what "the same content" means for a resend: every field the tracker
// sends, in a fixed order, plus the sha256 of the screenshot bytes as sent.
import { createHash } from "node:crypto";

export interface HashedSegment {
  segmentId: string;
  contractId: string;
  slotStart: Date;
  screenshotTakenAt: Date;
  keyboardCounts: readonly number[];
  mouseCounts: readonly number[];
  memo: string;
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Stable across processes and versions of the tracker: instants as epoch ms, memo already trimmed. */
export function segmentContentHash(s: HashedSegment, screenshotSha256: string): string {
  const canonical = JSON.stringify([
    "segment.v1",
    s.segmentId.toLowerCase(),
    s.contractId.toLowerCase(),
    s.slotStart.getTime(),
    s.screenshotTakenAt.getTime(),
    [...s.keyboardCounts],
    [...s.mouseCounts],
    s.memo,
    screenshotSha256,
  ]);
  return sha256Hex(canonical);
}

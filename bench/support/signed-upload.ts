// What a simulated tracker posts in the ingest benches: a segment's fields for a slot, and its R15.1 signature
// as the tracker makes it (SHA-256 of the screenshot, Ed25519 over the canonical encoding, node:crypto).
import { createHash, randomUUID, sign, type KeyObject } from "node:crypto";
import { segmentMessage } from "../../verifier/src/signatures";

/** A Sunday evening: the whole week (1008 slots per contract) is open and in the past. */
export const PORTAL_NOW = "2024-06-16T23:55:00Z";
export const WEEK_START = Date.parse("2024-06-10T00:00:00Z");
export const SLOT_MS = 600_000;
export const SLOTS_PER_WEEK = 1008;

export interface SegmentFields {
  segmentId: string;
  contractId: string;
  slotStart: string;
  screenshotTakenAt: string;
  keyboardCounts: number[];
  mouseCounts: number[];
  memo: string;
}

/** The fields of one 10-minute slot starting at `slot` (ms), with some activity. */
export function segmentFields(contractId: string, slot: number, memo: string): SegmentFields {
  return {
    segmentId: randomUUID(),
    contractId,
    slotStart: new Date(slot).toISOString(),
    screenshotTakenAt: new Date(slot + 123_456).toISOString(),
    keyboardCounts: [5, 3, 0, 8, 1, 0, 2, 9, 4, 1],
    mouseCounts: [2, 0, 1, 0, 0, 3, 0, 0, 1, 0],
    memo,
  };
}

/** The device's signature of `fields` with `screenshot`, base64url. */
export function segmentSignature(fields: SegmentFields, device: { id: string; key: KeyObject }, screenshot: Buffer): string {
  const screenshotSha256 = createHash("sha256").update(screenshot).digest("hex");
  const message = segmentMessage({
    ...{ contract: fields.contractId, slot: fields.slotStart, screenshotSha256, keyboard: fields.keyboardCounts, mouse: fields.mouseCounts },
    ...{ memo: fields.memo, takenAt: fields.screenshotTakenAt, device: device.id, manual: false },
  });
  return sign(null, message, device.key).toString("base64url");
}

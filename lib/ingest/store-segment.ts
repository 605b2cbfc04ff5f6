import "server-only";
// POST /api/tracker/v1/segments: one tracked segment, stored whole or not at all. Cheap checks, then the image,
// then blobs under unique keys and the rows in one statement (which checks the contract); a refused INSERT looks
// up why (404, R2.6 resend, 409, 422). Leftover blobs are deleted or swept (sweepOrphanBlobs); the event follows the commit.
import { randomUUID } from "node:crypto";
import { db, sql } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/errors";
import { SLOT_MS, activityLevel, trackedSlotRejections } from "@/lib/billing";
import { RULES } from "@/lib/config/rules";
import { blobStore } from "@/lib/storage";
import { log } from "@/lib/observability/log";
import { prepareScreenshot, type ProcessedScreenshot } from "@/lib/screenshots/process";
import { checkScreenshot, type ScreenshotCheck } from "@/lib/screenshots/validate";
import { isPlainJpeg } from "@/lib/screenshots/plain-jpeg";
import { notify } from "@/lib/realtime/notify";
import type { SegmentFields, StoredSegment } from "@/lib/validation/tracker";
import type { TrackerPrincipal } from "@/lib/tracker-tokens/authenticate-tracker-token";
import { segmentContentHash, sha256Hex } from "./content-hash";
import { SegmentRejected, type SegmentRejectionReason } from "./errors";
import { loadStoredSegment, screenshotUrls } from "./stored-segment";
import { signedSegmentOf, verifySegmentSignature } from "./verify-signature";
import { recordTemplate } from "@/lib/proof/chain";
import { segmentAddedDraft } from "@/lib/proof/drafts";

export interface StoreSegmentResult {
  segment: StoredSegment;
  /** false when this was a resend of a segment already stored (R2.6) */
  created: boolean;
}

interface SlotState {
  status: string;
  starts_at: Date;
  paused: boolean;
  existing_id: string | null;
  existing_contract_id: string | null;
  existing_hash: string | null;
  existing_deleted: boolean | null;
}

/** The caller's contract (ownership in the WHERE: R2.7) and whatever already holds this segment id or slot. */
async function loadSlotState(userId: string, f: { contractId: string; segmentId: string; slotStart: Date }): Promise<SlotState | null> {
  const rows = await db().$queryRaw<SlotState[]>`
    SELECT c.status::text AS status, c.starts_at,
           EXISTS (SELECT 1 FROM contract_pauses p WHERE p.contract_id = c.id AND p.ended_at IS NULL) AS paused,
           e.id::text AS existing_id, e.contract_id::text AS existing_contract_id, e.content_hash AS existing_hash,
           (e.deleted_at IS NOT NULL) AS existing_deleted
    FROM contracts c
    LEFT JOIN LATERAL (
      -- two index lookups (primary key; the live-slot unique index), the id match first
      SELECT * FROM (
        SELECT s.id, s.contract_id, s.content_hash, s.deleted_at, 0 AS rank FROM segments s WHERE s.id = ${f.segmentId}::uuid
        UNION ALL
        SELECT s.id, s.contract_id, s.content_hash, s.deleted_at, 1 AS rank FROM segments s
        WHERE s.contract_id = c.id AND s.slot_start = ${f.slotStart} AND s.deleted_at IS NULL
      ) candidates ORDER BY rank LIMIT 1
    ) e ON true
    WHERE c.id = ${f.contractId}::uuid AND c.freelancer_id = ${userId}::uuid`;
  return rows[0] ?? null;
}

/** R2.6: a resend of the stored segment answers it; anything else in its place is a conflict. */
async function resolveExisting(state: SlotState, f: SegmentFields, hash: string): Promise<StoreSegmentResult | null> {
  if (!state.existing_id) return null;
  if (state.existing_id !== f.segmentId) {
    throw new ApiError("conflict", "Another segment is already stored for this contract and slot.", { fields: { slotStart: "This slot is already recorded." } });
  }
  if (state.existing_contract_id === f.contractId && state.existing_deleted) {
    // Choice: a resend of a segment the freelancer deleted in the portal is a conflict, not a revival.
    throw new ApiError("conflict", "This segment was deleted in the portal; it is not stored again.", { fields: { segmentId: "Deleted." } });
  }
  if (state.existing_contract_id === f.contractId && state.existing_hash === hash) {
    const stored = await loadStoredSegment(f.segmentId);
    if (stored) return { segment: stored, created: false };
  }
  // Same id, different payload (or another contract's segment: say nothing about it).
  throw new ApiError("conflict", "A different segment is already stored under this segment id.", { fields: { segmentId: "Already used with different content." } });
}

/** Every rule that refuses this slot now, or [] (R1.3, R2.6, R2.7, R7.2). */
function rejections(state: SlotState, f: SegmentFields, now: Date): SegmentRejectionReason[] {
  const slotStart = new Date(f.slotStart);
  const reasons: SegmentRejectionReason[] = trackedSlotRejections(
    { contractActive: state.status === "ACTIVE" || state.status === "PAUSED", contractPaused: state.status === "PAUSED" || state.paused, slotStart },
    now,
  );
  // Choice: a slot before the contract's start, or a screenshot dated after now (beyond the same
  // clock-skew allowance), is refused too: neither can be real work on this contract.
  if (slotStart.getTime() + SLOT_MS <= state.starts_at.getTime()) reasons.push("SLOT_BEFORE_CONTRACT");
  if (Date.parse(f.screenshotTakenAt) > now.getTime() + RULES.tracking.clockSkewAllowanceMs && !reasons.includes("SLOT_IN_FUTURE")) {
    reasons.push("SCREENSHOT_IN_FUTURE");
  }
  return reasons;
}

async function prepare(bytes: Buffer, check: ScreenshotCheck): Promise<ProcessedScreenshot> {
  try {
    return await prepareScreenshot(bytes, check);
  } catch {
    throw new ApiError("validation_failed", "The screenshot could not be decoded.", { fields: { screenshot: "The image data is damaged or incomplete." } });
  }
}

async function deleteQuietly(keys: string[]): Promise<void> {
  await Promise.all(
    keys.map((key) =>
      blobStore()
        .delete(key)
        .catch((err: unknown) => log.error("ingest: could not delete a stored file; the orphan sweep will", { key, err })),
    ),
  );
}

/** The reasons that need no database: the clock against the slot and the screenshot (R1.3, R2.6). */
function timeRejections(f: SegmentFields, now: Date): SegmentRejectionReason[] {
  return rejections({ status: "ACTIVE", starts_at: new Date(0), paused: false, existing_id: null, existing_contract_id: null, existing_hash: null, existing_deleted: null }, f, now);
}

/**
 * Why a segment was not stored, from the database's current state: 404, a resend (200), 409 or 422.
 * Choice: a resend of a stored segment gets the stored one even after its week locked or the
 * contract was paused: the rules refused nothing new, and the tracker only needs to learn it is stored.
 */
async function explainRefusal(principal: TrackerPrincipal, f: SegmentFields, slotStart: Date, hash: string, now: Date): Promise<StoreSegmentResult> {
  const state = await loadSlotState(principal.userId, { ...f, slotStart });
  if (!state) throw notFound("No such contract."); // R2.7: another user's contract does not exist for this token
  const resent = await resolveExisting(state, f, hash);
  if (resent) return resent;
  const reasons = rejections(state, f, now);
  throw reasons.length ? new SegmentRejected(reasons) : new ApiError("conflict", "The slot changed while storing; send the segment again.");
}

// One statement, so one transaction: both rows and the segment's proof record (R15.2), or none. R2.7 and
// R7.2 are its WHERE (the token's owner's contract, active, not paused, started), so a pause that lands
// meanwhile wins. Sent through pg as a prepared statement: it runs on every upload.
// The contract row is key-share locked first, as the segment's foreign key would at the end: then the chain
// head's lock (taken by the record's trigger) always comes after the contract's, as in disputes (no deadlock).
const STORE = `
  WITH ok AS (
    SELECT c.id FROM contracts c
    WHERE c.id = $1::uuid AND c.freelancer_id = $2::uuid AND c.status = 'ACTIVE' AND c.starts_at < $3::timestamptz
      AND NOT EXISTS (SELECT 1 FROM contract_pauses p WHERE p.contract_id = c.id AND p.ended_at IS NULL)
    FOR KEY SHARE OF c
  ), seg AS (
    INSERT INTO segments (id, contract_id, slot_start, kind, memo, keyboard_counts, mouse_counts, activity_level, content_hash, created_at, signature, signed_by_key_id)
    SELECT $4::uuid, ok.id, $5::timestamptz, 'TRACKED', $6::text, $7::int[], $8::int[], $9::smallint, $10::text, $11::timestamptz, $19::text, $20::text
    FROM ok
    ON CONFLICT DO NOTHING
    RETURNING id
  ), shot AS (
    INSERT INTO screenshots (id, segment_id, taken_at, storage_key, thumb_key, width, height, bytes, thumb_bytes, created_at, sha256)
    SELECT gen_random_uuid(), seg.id, $12::timestamptz, $13::text, $14::text, $15::int, $16::int, $17::int, $18::int, $11::timestamptz, $21::text
    FROM seg
    RETURNING segment_id
  ), rec AS (
    INSERT INTO proof_records (contract_id, seq, prev_hash, hash, kind, slot, at, record)
    SELECT $1::uuid, 0, '', '', 'segment_added', $5::timestamptz, $11::timestamptz, $22::text
    FROM shot WHERE $22::text IS NOT NULL
  )
  SELECT segment_id::text AS id FROM shot`;

export async function storeSegment(principal: TrackerPrincipal, f: SegmentFields, screenshot: Buffer, now: Date): Promise<StoreSegmentResult> {
  const check = checkScreenshot(screenshot);
  const slotStart = new Date(f.slotStart);
  const takenAt = new Date(f.screenshotTakenAt);
  const screenshotSha256 = sha256Hex(screenshot);
  // R15.1 before anything else: only a segment its device signed is looked at (a resend too)
  const signed = await verifySegmentSignature(principal, f, screenshotSha256);
  // Choice: what was signed is what is kept, byte for byte, so the screenshot can always be checked against its
  // signature (R15.4). An upload the portal would re-encode (a PNG, a JPEG with EXIF or other metadata) is refused
  // rather than changed; the tracker's own JPEGs are plain (lib/screenshots/tracker-jpeg.test.ts).
  if (check.format !== "jpeg" || !isPlainJpeg(screenshot, check)) {
    throw new ApiError("screenshot_not_plain", "A signed screenshot is stored byte for byte: send a plain JPEG (JFIF, no EXIF or other metadata), as the tracker does.", {
      fields: { screenshot: "Not a plain JPEG: it would have to be re-encoded." },
    });
  }
  const hash = segmentContentHash({ ...f, slotStart, screenshotTakenAt: takenAt }, screenshotSha256);

  // A slot the clock refuses costs no image work; the database then decides between 404, 200, 409 and 422.
  if (timeRejections(f, now).length) return explainRefusal(principal, f, slotStart, hash, now);

  // The common case goes straight to storing: the contract's rules are checked inside the INSERT,
  // and only a refused INSERT pays for finding out why (a resend, a conflict, a paused contract).
  const level = activityLevel(f.keyboardCounts, f.mouseCounts);
  const image = await prepare(screenshot, check);
  // A key of our own per attempt: a concurrent resend can never overwrite the stored segment's files.
  // Nothing refers to these keys before the INSERT below, so they are written as new keys (putNew).
  const base = `screenshots/${f.contractId}/${f.segmentId}-${randomUUID().slice(0, 8)}`;
  const keys = [`${base}.jpg`, `${base}.webp`] as const;
  const store = blobStore();
  const write = (key: string, bytes: Buffer, type: string) => (store.putNew ? store.putNew(key, bytes, type) : store.put(key, bytes, type));
  // allSettled, not all: a failed write must not race the cleanup of one still in flight.
  const written = await Promise.allSettled([write(keys[0], image.full, "image/jpeg"), write(keys[1], image.thumb, "image/webp")]);
  const failed = written.find((w): w is PromiseRejectedResult => w.status === "rejected");
  if (failed) {
    await deleteQuietly([...keys]);
    throw failed.reason;
  }

  const insert = {
    name: "ingest-store-segment",
    text: STORE,
    // Instants as ISO strings: pg would format a Date in local time, field by field, on every upload.
    values: [
      ...[f.contractId, principal.userId, new Date(slotStart.getTime() + SLOT_MS).toISOString()],
      ...[f.segmentId, slotStart.toISOString(), f.memo, f.keyboardCounts, f.mouseCounts, level, hash, now.toISOString()],
      ...[takenAt.toISOString(), keys[0], keys[1], image.width, image.height, image.full.length, image.thumb.length],
      ...[signed?.signature ?? null, signed?.keyId ?? null, screenshotSha256],
      // R15.2 the record of this segment, linked to the chain by the database (lib/proof/chain.ts recordTemplate)
      signed
        ? recordTemplate(f.contractId, segmentAddedDraft(f.segmentId, signedSegmentOf(principal, f, screenshotSha256), { keyId: signed.keyId, sig: signed.signature }, now))
        : null,
    ],
  };
  let inserted: boolean;
  try {
    // unsigned only for the ingest bench's floor (./bench-switch.ts): then no record, as ingest was before R15
    inserted = (await sql().query<{ id: string }>(insert)).rows.length === 1;
  } catch (error) {
    await deleteQuietly([...keys]);
    throw error;
  }

  if (!inserted) {
    // Nothing was stored: our files go, and the current state says why.
    await deleteQuietly([...keys]);
    return explainRefusal(principal, f, slotStart, hash, now);
  }

  // After the commit: tell the contract's open Work Diaries which slot changed (batched, not awaited).
  void notify({ event: "segment-changed", data: { contractId: f.contractId, slotStart: slotStart.toISOString(), segmentId: f.segmentId, change: "created" } });

  const urls = screenshotUrls(f.segmentId);
  return {
    created: true,
    segment: {
      id: f.segmentId,
      contractId: f.contractId,
      slotStart: slotStart.toISOString(),
      kind: "TRACKED",
      memo: f.memo,
      keyboardCounts: f.keyboardCounts,
      mouseCounts: f.mouseCounts,
      activityLevel: level,
      createdAt: now.toISOString(),
      screenshot: { takenAt: takenAt.toISOString(), width: image.width, height: image.height, bytes: image.full.length, thumbBytes: image.thumb.length, ...urls },
    },
  };
}

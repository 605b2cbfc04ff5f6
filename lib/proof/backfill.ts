// No "server-only" marker: the demo seed and the launchers (scripts/lib/prepare.ts) run this in plain Node.
// R15.2 contracts whose time was recorded before the proof chain existed (an upgraded database, the
// demo seed) get their chain: one record per segment and one per deletion, in the order they happened.
import { createHash } from "node:crypto";
import { createPrismaClient } from "@/lib/db/client";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { blobStore } from "@/lib/storage";
import type { SignedSegment } from "@/verifier/src/signatures";
import { appendProofRecords, type ProofDraft } from "./chain";
import { manualSignedSegment, segmentAddedDraft, segmentDeletedDraft } from "./drafts";

interface LegacySegment {
  id: string;
  contract_id: string;
  slot_start: Date;
  kind: string;
  memo: string;
  keyboard_counts: number[];
  mouse_counts: number[];
  created_at: Date;
  deleted_at: Date | null;
  freelancer_id: string;
  signature: string | null;
  signed_by_key_id: string | null;
  shot_id: string | null;
  storage_key: string | null;
  sha256: string | null;
  taken_at: Date | null;
}

/** The screenshot's SHA-256 as stored, or hashed from its file (and kept) when it predates R15.1. */
async function screenshotSha256(s: LegacySegment, tx: Prisma.TransactionClient): Promise<string | null> {
  if (!s.shot_id) return null;
  if (s.sha256) return s.sha256;
  const bytes = s.storage_key ? await blobStore().get(s.storage_key) : null;
  if (!bytes) return null;
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await tx.$executeRaw`UPDATE screenshots SET sha256 = ${sha256} WHERE id = ${s.shot_id}::uuid AND sha256 IS NULL`;
  return sha256;
}

async function draftsOf(segments: readonly LegacySegment[], tx: Prisma.TransactionClient): Promise<ProofDraft[]> {
  const events: Array<{ at: Date; order: number; draft: ProofDraft }> = [];
  for (const s of segments) {
    const segment: SignedSegment =
      s.kind === "MANUAL"
        ? manualSignedSegment(s.contract_id, s.slot_start, s.memo)
        : {
            contract: s.contract_id, slot: s.slot_start.toISOString(), screenshotSha256: await screenshotSha256(s, tx), keyboard: s.keyboard_counts,
            mouse: s.mouse_counts, memo: s.memo, takenAt: s.taken_at?.toISOString() ?? null, device: "legacy", manual: false,
          };
    const signature = s.signature && s.signed_by_key_id ? { keyId: s.signed_by_key_id, sig: s.signature } : null;
    events.push({ at: s.created_at, order: 0, draft: segmentAddedDraft(s.id, segment, signature, s.created_at) });
    if (s.deleted_at) events.push({ at: s.deleted_at, order: 1, draft: segmentDeletedDraft({ segmentId: s.id, slotStart: s.slot_start }, s.freelancer_id, s.deleted_at) });
  }
  // the order they happened in; a slot's addition before its deletion; then by slot
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order || (a.draft.slot?.getTime() ?? 0) - (b.draft.slot?.getTime() ?? 0));
  return events.map((e) => e.draft);
}

/**
 * Gives every contract that has segments but no chain yet (no head: nothing was ever appended) its
 * records, one transaction per contract; returns how many records it appended. Idempotent and safe to
 * run concurrently (the head's lock decides). Contracts with a chain are left alone: a segment without
 * a record there was not made by the portal, and the verifier must see that rather than have it recorded.
 * Choice: a backfilled record says what is known: `at` is when the segment was stored (or deleted), the
 * signature is null (signed: false in the verifier's eyes) unless one was stored, and the device of a
 * legacy tracked segment is "legacy" (its token was not recorded). Unsigned records are marked as such
 * by every verifier, as Certificate Transparency marks pre-certificates: known, but not signed by a device.
 */
export async function backfillProofRecords(prisma: PrismaClient, contractId?: string): Promise<number> {
  const contracts = await prisma.$queryRaw<Array<{ id: string }>>`
    SELECT DISTINCT s.contract_id::text AS id FROM segments s
    WHERE (${contractId ?? null}::uuid IS NULL OR s.contract_id = ${contractId ?? null}::uuid)
      AND NOT EXISTS (SELECT 1 FROM proof_chain_heads h WHERE h.contract_id = s.contract_id)`;
  let appended = 0;
  for (const { id } of contracts) {
    appended += await prisma.$transaction(
      async (tx) => {
        // the head's lock first: a second backfill of this contract waits here, then finds the chain begun
        const [head] = await tx.$queryRaw<Array<{ seq: number }>>`
          INSERT INTO proof_chain_heads (contract_id, seq, hash) VALUES (${id}::uuid, 0, ${"0".repeat(64)})
          ON CONFLICT (contract_id) DO UPDATE SET seq = proof_chain_heads.seq RETURNING seq`;
        if (Number(head!.seq) > 0) return 0;
        const segments = await tx.$queryRaw<LegacySegment[]>`
          SELECT s.id::text AS id, s.contract_id::text AS contract_id, s.slot_start, s.kind::text AS kind, s.memo, s.keyboard_counts, s.mouse_counts,
                 s.created_at, s.deleted_at, c.freelancer_id::text AS freelancer_id, s.signature, s.signed_by_key_id,
                 sh.id::text AS shot_id, sh.storage_key, sh.sha256, sh.taken_at
          FROM segments s JOIN contracts c ON c.id = s.contract_id LEFT JOIN screenshots sh ON sh.segment_id = s.id
          WHERE s.contract_id = ${id}::uuid`;
        const drafts = await draftsOf(segments, tx);
        return (await appendProofRecords(tx, id, drafts)).length;
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
  }
  return appended;
}

/** At launch, after the migrations (scripts/lib/prepare.ts): an upgraded database's chains, once. */
export async function backfillProofRecordsAt(url: string, log: (line: string) => void): Promise<void> {
  const prisma = createPrismaClient(url);
  try {
    const appended = await backfillProofRecords(prisma);
    if (appended > 0) log(`Proof chain: ${appended} record(s) appended for time recorded before it existed.`);
  } finally {
    await prisma.$disconnect();
  }
}

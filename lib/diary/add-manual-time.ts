import "server-only";
// R3 the freelancer adds manual time to empty slots from the Work Diary. lib/billing's
// manualSlotRejections judges every slot. Choice: the request is all or nothing (one memo for one
// block of time), and a refusal names each refused slot with its reasons.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { manualSlotRejections, SLOT_MS, type ManualSlotRejection } from "@/lib/billing";
import { sha256Hex } from "@/lib/ingest/content-hash";
import { notify } from "@/lib/realtime/notify";
import { contractScope } from "@/lib/contracts/list-contracts";
import type { ManualTimeInput } from "@/lib/validation/diary";
import type { AddManualTimeResult } from "./types";
import { appendProofRecords } from "@/lib/proof/chain";
import { manualSignedSegment, segmentAddedDraft } from "@/lib/proof/drafts";
import { portalSigner } from "@/lib/proof/portal-keys";
import { segmentMessage } from "@/verifier/src/signatures";

export type ManualTimeRejection = ManualSlotRejection | "SLOT_BEFORE_CONTRACT";

export const MANUAL_REJECTION_TEXT: Record<ManualTimeRejection, string> = {
  MANUAL_TIME_NOT_ALLOWED: "The contract does not allow manual time.", // R3.1
  CONTRACT_NOT_ACTIVE: "The contract is not active.",
  CONTRACT_PAUSED: "The contract is paused.", // R7.2
  WEEK_LOCKED: "The slot's week is closed.", // R1.3
  SLOT_NOT_ELAPSED: "The slot has not ended yet.",
  SLOT_OCCUPIED: "The slot already holds time.", // R3.2
  MEMO_REQUIRED: "A memo is required.", // R3.2
  SLOT_BEFORE_CONTRACT: "The slot is before the contract started.",
};

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export async function addManualTime(user: CurrentUser, contractId: string, input: ManualTimeInput, now: Date): Promise<AddManualTimeResult> {
  const contract = await db().contract.findFirst({ where: { id: contractId, ...contractScope(user) }, select: { id: true, freelancerId: true } });
  if (!contract) throw notFound("No such contract.");
  if (contract.freelancerId !== user.id) throw new ApiError("forbidden", "Only the contract's freelancer can add manual time.");

  const slots = input.slotStarts.map((s) => Date.parse(s)).sort((a, b) => a - b);
  const memo = input.memo.trim();
  // R15.1 manual time is signed with the portal's current key (made on first use, outside the transaction)
  const signer = await portalSigner(now);

  const created = await db()
    .$transaction(async (tx) => {
      // Locks the contract row: a pause or a change of terms waits for us, and we see the latest.
      const [c] = await tx.$queryRaw<Array<{ status: string; manual_time_allowed: boolean; starts_at: Date; paused: boolean }>>`
        SELECT c.status::text AS status, c.manual_time_allowed, c.starts_at,
               EXISTS (SELECT 1 FROM contract_pauses p WHERE p.contract_id = c.id AND p.ended_at IS NULL) AS paused
        FROM contracts c WHERE c.id = ${contract.id}::uuid AND c.freelancer_id = ${user.id}::uuid FOR UPDATE`;
      if (!c) throw notFound("No such contract.");
      const occupied = await tx.segment.findMany({
        where: { contractId: contract.id, deletedAt: null, slotStart: { in: slots.map((s) => new Date(s)) } },
        select: { slotStart: true },
      });
      const taken = new Set(occupied.map((o) => o.slotStart.getTime()));
      const refused: Array<{ slot: number; reasons: ManualTimeRejection[] }> = [];
      for (const slot of slots) {
        const reasons: ManualTimeRejection[] = manualSlotRejections(
          {
            contractActive: c.status === "ACTIVE" || c.status === "PAUSED",
            contractPaused: c.status === "PAUSED" || c.paused,
            allowsManualTime: c.manual_time_allowed,
            slotStart: new Date(slot),
            slotOccupied: taken.has(slot),
            memo,
          },
          now,
        );
        // Choice: as for tracked time, no slot that ends before the contract starts.
        if (slot + SLOT_MS <= c.starts_at.getTime()) reasons.push("SLOT_BEFORE_CONTRACT");
        if (reasons.length) refused.push({ slot, reasons });
      }
      if (refused.length) throw rejection(refused);

      const rows = slots.map((slot) => {
        const id = randomUUID();
        const signed = manualSignedSegment(contract.id, new Date(slot), memo);
        return {
          id,
          contractId: contract.id,
          slotStart: new Date(slot),
          kind: "MANUAL" as const,
          memo,
          keyboardCounts: [],
          mouseCounts: [],
          activityLevel: 0,
          // R2.6 is about tracker resends; manual rows get a hash of their own content all the same.
          contentHash: sha256Hex(JSON.stringify(["manual.v1", id, contract.id, slot, memo])),
          createdAt: now,
          signature: signer.sign(segmentMessage(signed)),
          signedByKeyId: signer.keyId,
        };
      });
      await tx.segment.createMany({ data: rows });
      // R15.2 one record per slot, in this transaction, with the portal's signature (R15.1)
      await appendProofRecords(
        tx,
        contract.id,
        rows.map((r) => segmentAddedDraft(r.id, manualSignedSegment(contract.id, r.slotStart, memo), { keyId: r.signedByKeyId, sig: r.signature }, now)),
      );
      return rows.map((r) => ({ id: r.id, slotStart: r.slotStart.toISOString() }));
    })
    .catch((error: unknown) => {
      // The partial unique index (one live segment per slot): a tracker stored one meanwhile.
      if (isUniqueViolation(error)) throw new ApiError("conflict", "One of the slots was filled meanwhile. Reload the day and pick again.");
      throw error;
    });

  // After the commit: the contract's open diaries refetch.
  void notify({
    event: "segment-changed",
    data:
      created.length === 1
        ? { contractId: contract.id, slotStart: created[0]!.slotStart, segmentId: created[0]!.id, change: "created" }
        : { contractId: contract.id, change: "created" },
  });
  return { created };
}

function rejection(refused: Array<{ slot: number; reasons: ManualTimeRejection[] }>): ApiError {
  const fields: Record<string, string> = {};
  for (const r of refused) fields[new Date(r.slot).toISOString()] = r.reasons.map((x) => MANUAL_REJECTION_TEXT[x]).join(" ");
  const distinct = [...new Set(refused.flatMap((r) => r.reasons))].map((x) => MANUAL_REJECTION_TEXT[x]);
  const which = refused.length === 1 ? `The slot at ${hhmm(refused[0]!.slot)} UTC` : `${refused.length} slots`;
  return new ApiError("validation_failed", `${which} cannot take manual time: ${distinct.join(" ")}`, { fields });
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string; originalCode?: string }; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  return (
    e?.code === "P2002" ||
    e?.cause?.code === "23505" ||
    e?.cause?.originalCode === "23505" ||
    e?.meta?.driverAdapterError?.cause?.originalCode === "23505"
  );
}

// R15.2 time recorded before the proof chain existed (an upgraded database, the demo seed) gets its
// records once, in the order it happened; a contract that already has a chain is left alone.
import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { makeFixedContract, makeFixedSegments, makeFixedUser, slotsFrom } from "@/tests/support/ledger";
import { blobStore } from "@/lib/storage";
import { sha256Hex } from "@/lib/ingest/content-hash";
import { GENESIS, checkChain, type ProofRecord } from "@/verifier/src/records";
import { backfillProofRecords } from "./backfill";
import { appendProofRecords } from "./chain";
import { segmentDeletedDraft } from "./drafts";

const { prisma } = await setupTestDatabase();

async function recordsOf(contractId: string): Promise<ProofRecord[]> {
  const rows = await prisma.proofRecord.findMany({ where: { contractId }, orderBy: { seq: "asc" } });
  expect((await checkChain(rows.map((r) => r.record), GENESIS, { contract: contractId })).problems).toEqual([]);
  return rows.map((r) => JSON.parse(r.record) as ProofRecord);
}

describe("backfillProofRecords", () => {
  it("records every segment and deletion of a contract without a chain, in time order, once", async () => {
    const client = await makeFixedUser(prisma, "b-client", "CLIENT");
    const freelancer = await makeFixedUser(prisma, "b-freelancer", "FREELANCER");
    const legacy = await makeFixedContract(prisma, { name: "legacy", clientId: client.id, freelancerId: freelancer.id });
    const chained = await makeFixedContract(prisma, { name: "chained", clientId: client.id, freelancerId: freelancer.id });
    const tracked = await makeFixedSegments(prisma, legacy, slotsFrom(new Date("2024-06-04T09:00:00Z"), 3)); // created at their slots
    const [manual] = await makeFixedSegments(prisma, legacy, [new Date("2024-06-04T08:00:00Z")], { manual: true, memo: "Call" });
    await prisma.segment.update({ where: { id: tracked[1]! }, data: { deletedAt: new Date("2024-06-04T09:25:00Z") } });
    // one screenshot's file is there (hashed and kept); the others' are not (null)
    const shot = await prisma.screenshot.findUniqueOrThrow({ where: { segmentId: tracked[0]! } });
    const bytes = Buffer.from("a legacy screenshot");
    await blobStore().put(shot.storageKey, bytes, "image/jpeg");
    // a contract with a chain already: its unrecorded segment is not laundered into it
    await makeFixedSegments(prisma, chained, [new Date("2024-06-04T10:00:00Z")]);
    await prisma.$transaction((tx) => appendProofRecords(tx, chained, [segmentDeletedDraft({ segmentId: "x", slotStart: new Date("2024-06-04T11:00:00Z") }, freelancer.id, new Date("2024-06-04T12:00:00Z"))]));

    expect(await backfillProofRecords(prisma)).toBe(5);
    const records = await recordsOf(legacy);
    expect(records.map((r) => [r.kind, r.at, (r.data as { segmentId: string }).segmentId])).toEqual([
      ["manual_time_added", "2024-06-04T08:00:00.000Z", manual],
      ["segment_added", "2024-06-04T09:00:00.000Z", tracked[0]],
      ["segment_added", "2024-06-04T09:10:00.000Z", tracked[1]],
      ["segment_added", "2024-06-04T09:20:00.000Z", tracked[2]],
      ["segment_deleted", "2024-06-04T09:25:00.000Z", tracked[1]],
    ]);
    expect(records[0]).toMatchObject({ data: { segment: { manual: true, device: "portal", memo: "Call", screenshotSha256: null }, signature: null } });
    expect(records[1]).toMatchObject({ data: { segment: { manual: false, device: "legacy", screenshotSha256: sha256Hex(bytes), keyboard: [5, 5, 5, 5, 5, 5, 5, 5, 0, 0] }, signature: null } });
    expect(records[3]).toMatchObject({ data: { segment: { screenshotSha256: null } } });
    expect(records[4]).toMatchObject({ data: { by: freelancer.id } });
    expect(await prisma.screenshot.findUniqueOrThrow({ where: { id: shot.id } })).toMatchObject({ sha256: sha256Hex(bytes) });

    expect(await prisma.proofRecord.count({ where: { contractId: chained } })).toBe(1);
    expect(await backfillProofRecords(prisma)).toBe(0);
    expect(await backfillProofRecords(prisma, legacy)).toBe(0);
  });
});

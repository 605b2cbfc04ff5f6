// R15.2 every event on a contract's time appends its record in the event's own transaction, on a real
// PostgreSQL: a deletion, manual time, a dispute filed and each way it is settled. An event whose record
// cannot be written does not happen (the failure is injected in the database, as a trigger).
import { randomUUID } from "node:crypto";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { makeUser } from "@/tests/support/factories";
import { makeFixedContract, makeFixedSegments, makeFixedUser, slotsFrom } from "@/tests/support/ledger";
import { sql } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { setNoticeSink } from "@/lib/realtime/notify";
import { closeWeek } from "@/lib/ledger/close-week";
import { fileDispute } from "@/lib/disputes/file-dispute";
import { resolveDispute, respondToDispute, withdrawDispute } from "@/lib/disputes/resolve-dispute";
import { deleteDiarySegments } from "@/lib/diary/delete-segments";
import { addManualTime } from "@/lib/diary/add-manual-time";
import { storeSegment } from "@/lib/ingest/store-segment";
import { signedSegmentOf } from "@/lib/ingest/verify-signature";
import { sha256Hex } from "@/lib/ingest/content-hash";
import type { SegmentFields } from "@/lib/validation/tracker";
import { base64url } from "@/verifier/src/encoding";
import { keyIdOf, segmentMessage, signEd25519 } from "@/verifier/src/signatures";
import { GENESIS, checkChain, type ProofRecord } from "@/verifier/src/records";

const { prisma } = await setupTestDatabase();

const WEEK = new Date("2024-06-03T00:00:00Z"); // closed and invoiced: disputes
const CLOSE = new Date("2024-06-10T12:00:00Z");
const NOW = new Date("2024-06-11T10:00:00Z"); // the week of 2024-06-10 is open: deletions, manual time, ingest
let admin: CurrentUser;
let n = 0;

interface Party {
  client: CurrentUser;
  freelancer: CurrentUser;
  contractId: string;
  billed: string[];
  billedSlots: Date[];
}

async function party(): Promise<Party> {
  const name = `p${n++}`;
  const client = await makeFixedUser(prisma, `${name}-client`, "CLIENT", { verified: true });
  const freelancer = await makeFixedUser(prisma, `${name}-freelancer`, "FREELANCER");
  const contractId = await makeFixedContract(prisma, { name, clientId: client.id, freelancerId: freelancer.id, rateCents: 6000, limitHours: 40 });
  await prisma.contract.update({ where: { id: contractId }, data: { manualTimeAllowed: true } });
  const billedSlots = slotsFrom(new Date("2024-06-04T09:00:00Z"), 3);
  const billed = await makeFixedSegments(prisma, contractId, billedSlots);
  return { client, freelancer, contractId, billed, billedSlots };
}

async function recordsOf(contractId: string): Promise<ProofRecord[]> {
  const rows = await prisma.proofRecord.findMany({ where: { contractId }, orderBy: { seq: "asc" } });
  expect((await checkChain(rows.map((r) => r.record), GENESIS, { contract: contractId })).problems).toEqual([]);
  return rows.map((r) => JSON.parse(r.record) as ProofRecord);
}

/** Makes every proof append of this contract fail inside the database, as a full disk or a bug would. */
async function breakChain(contractId: string): Promise<void> {
  await sql().query("INSERT INTO test_broken_chains (contract_id) VALUES ($1)", [contractId]);
}

const parties: Party[] = [];
beforeAll(async () => {
  setNoticeSink(() => undefined);
  admin = await makeUser(prisma, "ADMIN");
  for (let i = 0; i < 6; i++) parties.push(await party());
  await closeWeek({ weekStart: WEEK, now: CLOSE });
  await sql().query(`
    CREATE TABLE test_broken_chains (contract_id uuid PRIMARY KEY);
    CREATE FUNCTION test_fail_append() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM test_broken_chains WHERE contract_id = NEW.contract_id) THEN RAISE EXCEPTION 'injected: the proof chain cannot be written'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER test_fail_append BEFORE INSERT ON proof_records FOR EACH ROW EXECUTE FUNCTION test_fail_append();`);
});

describe("deleting segments (R15.2)", () => {
  it("appends a segment_deleted record for each, by the freelancer, with its slot", async () => {
    const p = parties[0]!;
    const slots = slotsFrom(new Date("2024-06-10T09:00:00Z"), 2);
    const ids = await makeFixedSegments(prisma, p.contractId, slots);
    expect(await deleteDiarySegments(p.freelancer, p.contractId, ids, NOW)).toMatchObject({ deleted: ids });
    expect(await recordsOf(p.contractId)).toMatchObject([
      { seq: 1, kind: "segment_deleted", slot: slots[0]!.toISOString(), at: NOW.toISOString(), data: { segmentId: ids[0], by: p.freelancer.id } },
      { seq: 2, kind: "segment_deleted", slot: slots[1]!.toISOString(), data: { segmentId: ids[1], by: p.freelancer.id } },
    ]);
    // deleting again changes nothing and records nothing
    await deleteDiarySegments(p.freelancer, p.contractId, ids, NOW);
    expect(await prisma.proofRecord.count({ where: { contractId: p.contractId } })).toBe(2);
  });

  it("does not delete when its record cannot be written", async () => {
    const p = parties[1]!;
    const [id] = await makeFixedSegments(prisma, p.contractId, [new Date("2024-06-10T10:00:00Z")]);
    await breakChain(p.contractId);
    await expect(deleteDiarySegments(p.freelancer, p.contractId, [id!], NOW)).rejects.toThrow(/injected/);
    expect(await prisma.segment.findUnique({ where: { id: id! }, select: { deletedAt: true, screenshot: { select: { id: true } } } })).toMatchObject({ deletedAt: null, screenshot: { id: expect.any(String) } });
    expect(await prisma.proofRecord.count({ where: { contractId: p.contractId } })).toBe(0);
  });
});

describe("manual time (R15.2, R3)", () => {
  it("appends one manual_time_added record per slot, holding the signed manual segment", async () => {
    const p = parties[2]!;
    const slots = ["2024-06-10T13:00:00.000Z", "2024-06-10T13:10:00.000Z"];
    const { created } = await addManualTime(p.freelancer, p.contractId, { slotStarts: slots, memo: "Call with the client" }, NOW);
    const records = await recordsOf(p.contractId);
    expect(records).toHaveLength(2);
    for (const [i, r] of records.entries()) {
      expect(r).toMatchObject({
        kind: "manual_time_added", slot: slots[i],
        data: {
          segmentId: created.find((c) => c.slotStart === slots[i])!.id,
          segment: { contract: p.contractId, slot: slots[i], screenshotSha256: null, keyboard: [], mouse: [], memo: "Call with the client", takenAt: null, device: "portal", manual: true },
        },
      });
    }
  });

  it("adds nothing when its records cannot be written", async () => {
    const p = parties[3]!;
    await breakChain(p.contractId);
    await expect(addManualTime(p.freelancer, p.contractId, { slotStarts: ["2024-06-10T14:00:00.000Z"], memo: "Call" }, NOW)).rejects.toThrow(/injected/);
    expect(await prisma.segment.count({ where: { contractId: p.contractId, kind: "MANUAL" } })).toBe(0);
  });
});

describe("disputes (R15.2, R7)", () => {
  it("appends dispute_filed, then dispute_settled for each way a dispute ends", async () => {
    const p = parties[4]!;
    const file = (ids: string[], at: Date) => fileDispute(p.client, { contractId: p.contractId, weekStart: WEEK, segmentIds: ids, reason: "Not what we agreed" }, at);
    const accepted = await file([p.billed[0]!, p.billed[1]!], new Date("2024-06-11T10:00:00Z"));
    await respondToDispute(p.freelancer, accepted.id, "accept", new Date("2024-06-11T11:00:00Z"));
    const withdrawn = await file([p.billed[2]!], new Date("2024-06-11T12:00:00Z"));
    await withdrawDispute(p.client, withdrawn.id, new Date("2024-06-11T13:00:00Z"));
    const reviewed = await file([p.billed[2]!], new Date("2024-06-11T14:00:00Z"));
    await respondToDispute(p.freelancer, reviewed.id, "decline", new Date("2024-06-11T15:00:00Z"));
    await resolveDispute(admin, reviewed.id, new Date("2024-06-12T10:00:00Z"));

    const [s0, s1, s2] = p.billedSlots.map((s) => s.toISOString());
    expect(await recordsOf(p.contractId)).toMatchObject([
      { seq: 1, kind: "dispute_filed", slot: null, at: "2024-06-11T10:00:00.000Z", data: { disputeId: accepted.id, reference: accepted.referenceId, slots: [s0, s1], by: p.client.id } },
      { seq: 2, kind: "dispute_settled", slot: null, data: { disputeId: accepted.id, outcome: "accepted", refundedSlots: [s0, s1], by: p.freelancer.id } },
      { seq: 3, kind: "dispute_filed", slot: s2, data: { disputeId: withdrawn.id, slots: [s2] } },
      { seq: 4, kind: "dispute_settled", slot: s2, data: { disputeId: withdrawn.id, outcome: "withdrawn", refundedSlots: [], by: p.client.id } },
      { seq: 5, kind: "dispute_filed", slot: s2, data: { disputeId: reviewed.id } },
      // the segments are active with a screenshot: Hourly Protection pays them, nothing is refunded
      { seq: 6, kind: "dispute_settled", slot: s2, at: "2024-06-12T10:00:00.000Z", data: { disputeId: reviewed.id, outcome: "resolved", refundedSlots: [], by: admin.id } },
    ]);
  });

  it("files nothing when its record cannot be written", async () => {
    const p = parties[5]!;
    await breakChain(p.contractId);
    await expect(fileDispute(p.client, { contractId: p.contractId, weekStart: WEEK, segmentIds: [p.billed[0]!], reason: "No" }, NOW)).rejects.toThrow(/injected/);
    expect(await prisma.dispute.count({ where: { contractId: p.contractId } })).toBe(0);
    expect(await prisma.contract.findUnique({ where: { id: p.contractId }, select: { status: true } })).toMatchObject({ status: "ACTIVE" });
  });
});

describe("ingest (R15.2)", () => {
  it("stores no segment when its record cannot be written", async () => {
    const p = parties[1]!; // its chain is broken above
    const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
    const principal = { userId: p.freelancer.id, tokenId: randomUUID(), publicKey: base64url(raw), keyId: await keyIdOf(raw) };
    const screenshot = await sharp({ create: { width: 64, height: 40, channels: 3, background: "#663399" } }).jpeg().toBuffer();
    const f = {
      segmentId: randomUUID(), contractId: p.contractId, slotStart: "2024-06-10T15:00:00.000Z", screenshotTakenAt: "2024-06-10T15:03:00.000Z",
      keyboardCounts: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], mouseCounts: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], memo: "Work",
    } as SegmentFields;
    f.signature = await signEd25519(pair.privateKey, segmentMessage(signedSegmentOf(principal, f, sha256Hex(screenshot))));
    await expect(storeSegment(principal, f, screenshot, NOW)).rejects.toThrow(/injected/);
    expect(await prisma.segment.count({ where: { id: f.segmentId } })).toBe(0);
  });
});

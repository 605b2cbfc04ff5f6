// R15.3 the Work Diary's proof status on a real PostgreSQL: a week is open (sealed at its close), sealed
// and verified (by which key, when), or sealed but not verifying once a record before the seal is changed
// behind the database's back (named with its slot); each segment carries the key whose signature was checked.
import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { makeFixedContract, makeFixedSegments, makeFixedUser, slotsFrom } from "@/tests/support/ledger";
import type { CurrentUser } from "@/lib/auth/current-user";
import { setNoticeSink } from "@/lib/realtime/notify";
import { closeWeek } from "@/lib/ledger/close-week";
import { loadDiaryDay } from "@/lib/diary/load-diary-day";
import { appendProofRecords } from "./chain";
import { segmentAddedDraft } from "./drafts";
import { portalSign, publishedKeys } from "./portal-keys";
import { sealClosedWeeks } from "./seal-weeks";
import { weekProofOf } from "./week-proof";
import { segmentMessage, type SignedSegment } from "@/verifier/src/signatures";

const { prisma } = await setupTestDatabase();
setNoticeSink(() => undefined);

const WEEK = new Date("2024-06-03T00:00:00Z");
const CLOSE = new Date("2024-06-10T12:00:00Z");
const AFTER = new Date("2024-06-11T10:00:00Z");
let n = 0;

/** A contract with three segments on Tuesday 4 June, their segment_added records, the week closed and sealed. */
async function sealedWeek(): Promise<{ client: CurrentUser; freelancer: CurrentUser; contractId: string; slots: Date[] }> {
  const name = `wp${n++}`;
  const client = await makeFixedUser(prisma, `${name}-client`, "CLIENT", { verified: true });
  const freelancer = await makeFixedUser(prisma, `${name}-freelancer`, "FREELANCER");
  const contractId = await makeFixedContract(prisma, { name, clientId: client.id, freelancerId: freelancer.id, rateCents: 6000, limitHours: 40 });
  const slots = slotsFrom(new Date("2024-06-04T09:00:00Z"), 3);
  const ids = await makeFixedSegments(prisma, contractId, slots);
  const drafts = await Promise.all(
    ids.map(async (id, k) => {
      const segment: SignedSegment = { contract: contractId, slot: slots[k]!.toISOString(), screenshotSha256: null, keyboard: [], mouse: [], memo: `m${k}`, takenAt: null, device: "portal", manual: true };
      const { keyId, sig } = await portalSign(segmentMessage(segment), slots[k]!);
      await prisma.segment.update({ where: { id }, data: { signature: sig, signedByKeyId: keyId } });
      return segmentAddedDraft(id, segment, { keyId, sig }, slots[k]!);
    }),
  );
  await prisma.$transaction((tx) => appendProofRecords(tx, contractId, drafts));
  await closeWeek({ weekStart: WEEK, now: CLOSE });
  await sealClosedWeeks(CLOSE);
  return { client, freelancer, contractId, slots };
}

describe("the Work Diary's proof status (R15.3)", () => {
  it("an open week says when it will be sealed; a closed week with nothing billed has no seal", async () => {
    expect(await weekProofOf("00000000-0000-4000-8000-000000000001", WEEK, null, new Date("2024-06-06T00:00:00Z"))).toEqual({ state: "open", sealsAt: CLOSE.toISOString() });
    expect(await weekProofOf("00000000-0000-4000-8000-000000000001", WEEK, null, AFTER)).toEqual({ state: "no_invoice" });
  });

  it("a sealed week shows when, by which portal key, and that its chain verifies; each segment the key that signed it", async () => {
    const { client, freelancer, contractId } = await sealedWeek();
    const [key] = await publishedKeys();
    for (const viewer of [client, freelancer]) {
      const day = await loadDiaryDay(viewer, { contractId, day: "2024-06-04", tz: "utc" }, AFTER);
      expect(day.week.proof).toMatchObject({ state: "sealed", sealedAt: CLOSE.toISOString(), keyId: key!.keyId, seq: 3, verifies: true, problem: null });
      expect(day.segments.map((s) => s.signedBy)).toEqual([key!.keyId, key!.keyId, key!.keyId]);
    }
    // the week after (open at AFTER) is not sealed yet
    const next = await loadDiaryDay(client, { contractId, day: "2024-06-11", tz: "utc" }, AFTER);
    expect(next.week.proof).toEqual({ state: "open", sealsAt: "2024-06-17T12:00:00.000Z" });
  });

  it("a week invoiced but not sealed yet says so", async () => {
    const client = await makeFixedUser(prisma, "unsealed-client", "CLIENT", { verified: true });
    const freelancer = await makeFixedUser(prisma, "unsealed-freelancer", "FREELANCER");
    const contractId = await makeFixedContract(prisma, { name: "unsealed", clientId: client.id, freelancerId: freelancer.id, rateCents: 6000, limitHours: 40 });
    await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-12T09:00:00Z"), 1));
    await closeWeek({ weekStart: new Date("2024-06-10T00:00:00Z"), now: new Date("2024-06-17T12:00:00Z") });
    const day = await loadDiaryDay(client, { contractId, day: "2024-06-12", tz: "utc" }, new Date("2024-06-17T13:00:00Z"));
    expect(day.week.proof).toEqual({ state: "unsealed" });
    expect(day.segments[0]!.signedBy).toBeNull();
  });

  it("a record changed in the database after the seal (triggers disabled, as an attacker would) makes the week fail, naming the slot", async () => {
    const { client, contractId, slots } = await sealedWeek();
    await prisma.$transaction([
      prisma.$executeRawUnsafe(`ALTER TABLE proof_records DISABLE TRIGGER USER`),
      // the memo of the second segment's record, rewritten with a hash that matches its new text
      prisma.$executeRaw`UPDATE proof_records SET record = replace(record, '"memo":"m1"', '"memo":"forged"'),
        hash = encode(sha256(convert_to(E'hourglass-record-v1\n' || replace(record, '"memo":"m1"', '"memo":"forged"'), 'UTF8')), 'hex')
        WHERE contract_id = ${contractId}::uuid AND seq = 2`,
      prisma.$executeRawUnsafe(`ALTER TABLE proof_records ENABLE TRIGGER USER`),
    ]);
    const day = await loadDiaryDay(client, { contractId, day: "2024-06-04", tz: "utc" }, AFTER);
    expect(day.week.proof).toMatchObject({ state: "sealed", verifies: false });
    expect(day.week.proof.state === "sealed" && day.week.proof.problem).toContain(`slot ${slots[1]!.toISOString()}`);
  });

  it("a seal changed in the invoice (another head) does not verify", async () => {
    const { client, contractId } = await sealedWeek();
    await prisma.invoice.updateMany({ where: { contractId }, data: { sealHead: "f".repeat(64) } });
    const day = await loadDiaryDay(client, { contractId, day: "2024-06-04", tz: "utc" }, AFTER);
    expect(day.week.proof).toMatchObject({ state: "sealed", verifies: false, problem: expect.stringContaining("does not verify") });
  });
});

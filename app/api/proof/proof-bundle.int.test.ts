// R15.4 on a real PostgreSQL: segments come in through the real ingest (signed by a device key), the
// weekly close bills and seals the week, and the bundle is downloaded through GET /api/proof/:contract/:week
// and checked with the offline verifier. Tampering straight in the database, as someone with database
// access would (UPDATE a segment's counts; rewrite a proof record with its triggers off), is caught and
// named with its slot. Clock: the week of Mon 3 June 2024, closed Mon 10 June 12:00 UTC.
import { randomBytes, randomUUID } from "node:crypto";
import sharp from "sharp";
import { describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";
import { registerNextAuthShims, routeContext, routeRequest } from "@/tests/support/route-harness";

const { session } = vi.hoisted(() => ({ session: { user: null as CurrentUser | null } }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
registerNextAuthShims();

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser } = await import("@/tests/support/factories");
const { makeFixedContract } = await import("@/tests/support/ledger");
const { registerDeviceKey, signSegmentUpload, makeDeviceKey } = await import("@/tests/support/signed-segments");
const { setNoticeSink } = await import("@/lib/realtime/notify");
const { storeSegment } = await import("@/lib/ingest/store-segment");
const { deleteSegment } = await import("@/lib/ingest/delete-segment");
const { closeWeek } = await import("@/lib/ledger/close-week");
const { sealClosedWeeks } = await import("@/lib/proof/seal-weeks");
const { verifyZip } = await import("@/verifier/src/verify");
const { readZip } = await import("@/verifier/src/zip");
const { GET } = await import("@/app/api/proof/[contractId]/[week]/route");

const { prisma } = await setupTestDatabase();
setNoticeSink(() => undefined);

const WEEK = "2024-06-03";
const CLOSE = new Date("2024-06-10T12:00:00Z");
const clara = await makeUser(prisma, "CLIENT", { name: "Clara" });
const fiona = await makeUser(prisma, "FREELANCER", { name: "Fiona" });
const olga = await makeUser(prisma, "CLIENT", { name: "Olga" });
const admin = await makeUser(prisma, "ADMIN", { name: "Ada" });

const token = await prisma.trackerToken.create({ data: { userId: fiona.id, name: "Fiona's laptop", tokenHash: randomUUID(), prefix: "hgt_test", createdAt: new Date("2024-05-01T00:00:00Z") } });
const key = await registerDeviceKey(prisma, token.id, makeDeviceKey());
const principal = { userId: fiona.id, tokenId: token.id, publicKey: key.publicKey, keyId: key.keyId };

/** A contract with `count` tracked segments on Tuesday 4 June from 09:00, through the real ingest. */
async function trackedContract(name: string, count: number): Promise<{ id: string; segments: string[]; slots: string[] }> {
  const id = await makeFixedContract(prisma, { name, clientId: clara.id, freelancerId: fiona.id, rateCents: 6000, limitHours: 40 });
  const segments: string[] = [];
  const slots: string[] = [];
  for (let i = 0; i < count; i++) {
    const slot = new Date(Date.parse("2024-06-04T09:00:00Z") + i * 600_000);
    const shot = await sharp({ create: { width: 64, height: 40, channels: 3, background: { r: 40 * i, g: 90, b: 160 } } }).jpeg().toBuffer();
    const segmentId = randomUUID();
    const fields = {
      segmentId, contractId: id, slotStart: slot.toISOString(), screenshotTakenAt: new Date(slot.getTime() + 200_000).toISOString(),
      keyboardCounts: [5, 6, 7, 8, 9, 10, 11, 12, 13, 14], mouseCounts: [1, 2, 3, 4, 5, 6, 7, 8, 9, i], memo: `Task ${i}`,
    };
    const signed = signSegmentUpload(fields, { key, tokenId: token.id }, shot);
    const result = await storeSegment(principal, signed as never, shot, new Date(slot.getTime() + 660_000));
    expect(result.created).toBe(true);
    segments.push(segmentId);
    slots.push(slot.toISOString());
  }
  return { id, segments, slots };
}

async function download(user: CurrentUser, contractId: string, week = WEEK): Promise<Response> {
  session.user = user;
  try {
    return await GET(routeRequest(`/api/proof/${contractId}/${week}`), routeContext({ contractId, week }));
  } finally {
    session.user = null;
  }
}

async function verified(contractId: string) {
  const res = await download(clara, contractId);
  expect(res.status).toBe(200);
  return verifyZip(new Uint8Array(await res.arrayBuffer()));
}

// Three contracts: one left alone, one whose segment table is changed, one whose chain is rewritten.
const clean = await trackedContract("clean", 4);
const tableTampered = await trackedContract("table", 3);
const chainTampered = await trackedContract("chain", 3);
// R15.2 a deletion is its own record, and the screenshot goes
await deleteSegment(principal, clean.segments[3]!, new Date("2024-06-05T08:00:00Z"));
const open = await trackedContract("open", 1); // closed with the others, then another week looked at
await closeWeek({ weekStart: new Date(`${WEEK}T00:00:00Z`), now: CLOSE });
await sealClosedWeeks(CLOSE);

describe("GET /api/proof/:contractId/:week", () => {
  it("gives the client a sealed week's bundle that the verifier says holds", async () => {
    const res = await download(clara, clean.id);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="proof-${clean.id}-${WEEK}.zip"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const files = await readZip(bytes);
    expect([...files.keys()].sort()).toEqual(
      ["anchor.json", "keys.json", "manifest.json", "records.jsonl", "seal.json", "segments.json", ...clean.segments.slice(0, 3).map((s) => `screenshots/${s}.jpg`)].sort(),
    );
    const report = await verifyZip(bytes);
    expect(report.problems).toEqual([]);
    expect(report.status).toBe("holds");
    expect(report.checked).toMatchObject({ records: 5, segments: 3, screenshots: 3 });
    expect(report.notes.join()).toMatch(/1 segment was deleted/);
  });

  it("gives the freelancer the same; an outsider and an admin get 404", async () => {
    expect((await download(fiona, clean.id)).status).toBe(200);
    for (const user of [olga, admin]) {
      const res = await download(user, clean.id);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "not_found", message: "No such contract." } });
    }
    expect((await download(clara, clean.id, "2024-06-04")).status).toBe(404); // not a Monday
  });

  it("says a week that is not sealed yet is intact but unsealed", async () => {
    const res = await download(clara, open.id, "2024-06-10");
    const report = await verifyZip(new Uint8Array(await res.arrayBuffer()));
    expect(report.status).toBe("not_sealed");
  });

  it("catches a segment's counts changed in the database and names its slot", async () => {
    expect((await verified(tableTampered.id)).status).toBe("holds");
    await prisma.$executeRaw`UPDATE segments SET keyboard_counts = '{50,60,70,80,90,100,110,120,130,140}' WHERE id = ${tableTampered.segments[1]}::uuid`;
    const report = await verified(tableTampered.id);
    expect(report.status).toBe("problems");
    expect(report.problems.map((p) => [p.code, p.slot])).toEqual([["table_mismatch", tableTampered.slots[1]]]);
  });

  it("catches a proof record rewritten with the triggers off and names its slot", async () => {
    expect((await verified(chainTampered.id)).status).toBe("holds");
    // an attacker with database access: triggers off for the session, the text and its hash rewritten
    // together (the CHECK constraints still hold), the table changed to match
    await prisma.$transaction([
      prisma.$executeRaw`SET LOCAL session_replication_role = replica`,
      prisma.$executeRaw`
        UPDATE proof_records SET record = replace(record, '"keyboard":[5,', '"keyboard":[95,'),
          hash = encode(sha256(convert_to(E'hourglass-record-v1\n' || replace(record, '"keyboard":[5,', '"keyboard":[95,'), 'UTF8')), 'hex')
        WHERE contract_id = ${chainTampered.id}::uuid AND seq = 2`,
      prisma.$executeRaw`UPDATE segments SET keyboard_counts[1] = 95 WHERE id = ${chainTampered.segments[1]}::uuid`,
    ]);
    const changed = await prisma.proofRecord.findUniqueOrThrow({ where: { contractId_seq: { contractId: chainTampered.id, seq: 2 } } });
    expect(changed.record).toContain('"keyboard":[95,');
    const report = await verified(chainTampered.id);
    expect(report.status).toBe("problems");
    const slot = chainTampered.slots[1];
    expect(report.problems.filter((p) => p.slot === slot).map((p) => p.code).sort()).toEqual(["bad_signature", "changed"]);
    expect(report.problems.every((p) => p.slot === slot)).toBe(true);
  });
});

// R15.2 the per-contract hash chain on a real PostgreSQL: concurrent ingests through the real ingest
// service make one linear chain, and the database itself refuses to change or fork it.
import { randomUUID } from "node:crypto";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { makeContract, makeUser } from "@/tests/support/factories";
import { sql } from "@/lib/db/client";
import { setNoticeSink } from "@/lib/realtime/notify";
import { storeSegment } from "@/lib/ingest/store-segment";
import { signedSegmentOf } from "@/lib/ingest/verify-signature";
import type { TrackerPrincipal } from "@/lib/tracker-tokens/authenticate-tracker-token";
import type { SegmentFields } from "@/lib/validation/tracker";
import { base64url } from "@/verifier/src/encoding";
import { keyIdOf, segmentMessage, signEd25519 } from "@/verifier/src/signatures";
import { GENESIS, GENESIS_HASH, checkChain, recordHash, type ProofRecord } from "@/verifier/src/records";
import { sha256Hex } from "@/lib/ingest/content-hash";
import { appendProofRecords, pgTransaction } from "./chain";
import { segmentDeletedDraft } from "./drafts";

const { prisma } = await setupTestDatabase();
beforeAll(() => setNoticeSink(() => undefined));

const NOW = new Date("2024-06-12T15:05:00Z"); // a Wednesday: the week of 2024-06-10 is open
const MONDAY = Date.parse("2024-06-10T00:00:00Z");

async function chainOf(contractId: string) {
  const rows = await prisma.proofRecord.findMany({ where: { contractId }, orderBy: { seq: "asc" } });
  return { rows, texts: rows.map((r) => r.record), records: rows.map((r) => JSON.parse(r.record) as ProofRecord) };
}

/** A device with its own Ed25519 key, as a signed-in tracker has (R15.1). */
async function device(userId: string): Promise<{ principal: TrackerPrincipal; privateKey: CryptoKey }> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  return { principal: { userId, tokenId: randomUUID(), publicKey: base64url(raw), keyId: await keyIdOf(raw) }, privateKey: pair.privateKey };
}

describe("50 concurrent ingests into one contract (R15.2)", () => {
  it("give one linear chain: seq 1..50, each prev the hash of the one before, recomputed from the stored text", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const freelancer = await makeUser(prisma, "FREELANCER");
    const contract = await makeContract(prisma, client, freelancer);
    const { principal, privateKey } = await device(freelancer.id);
    const screenshot = await sharp({ create: { width: 64, height: 40, channels: 3, background: "#336699" } }).jpeg().toBuffer();
    const uploads = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const slot = new Date(MONDAY + i * 600_000);
        const f = {
          segmentId: randomUUID(), contractId: contract.id, slotStart: slot.toISOString(), screenshotTakenAt: new Date(slot.getTime() + 60_000).toISOString(),
          keyboardCounts: Array.from({ length: 10 }, (_, m) => (i + m) % 7), mouseCounts: Array.from({ length: 10 }, () => i % 5), memo: `Task ${i}`,
        } as SegmentFields;
        f.signature = await signEd25519(privateKey, segmentMessage(signedSegmentOf(principal, f, sha256Hex(screenshot))));
        return f;
      }),
    );

    const results = await Promise.all(uploads.map((f) => storeSegment(principal, f, screenshot, NOW)));
    expect(results.every((r) => r.created)).toBe(true);

    const { rows, texts, records } = await chainOf(contract.id);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    let prev = GENESIS_HASH;
    for (const [i, row] of rows.entries()) {
      expect(row.prevHash).toBe(prev);
      expect(records[i]!.prev).toBe(prev);
      prev = await recordHash(row.record);
      expect(row.hash).toBe(prev);
    }
    const check = await checkChain(texts, GENESIS, { contract: contract.id });
    expect(check.problems).toEqual([]);
    expect(await prisma.proofChainHead.findUnique({ where: { contractId: contract.id } })).toMatchObject({ seq: 50, hash: prev });

    // every stored segment has its one record, holding what was signed and its signature
    expect(new Set(records.map((r) => (r.kind === "segment_added" ? r.data.segmentId : null)))).toEqual(new Set(uploads.map((f) => f.segmentId)));
    const first = records.find((r) => r.kind === "segment_added" && r.data.segmentId === uploads[0]!.segmentId)!;
    expect(first).toMatchObject({
      kind: "segment_added", slot: uploads[0]!.slotStart, at: NOW.toISOString(),
      data: { segment: { ...signedSegmentOf(principal, uploads[0]!, sha256Hex(screenshot)) }, signature: { keyId: principal.keyId, sig: uploads[0]!.signature } },
    });

    // a resend of a stored segment is answered, and appends nothing
    expect((await storeSegment(principal, uploads[0]!, screenshot, NOW)).created).toBe(false);
    expect(await prisma.proofRecord.count({ where: { contractId: contract.id } })).toBe(50);
  });
});

describe("the database guards the chain (R15.2)", () => {
  let contractId: string;
  beforeAll(async () => {
    const client = await makeUser(prisma, "CLIENT");
    const freelancer = await makeUser(prisma, "FREELANCER");
    contractId = (await makeContract(prisma, client, freelancer)).id;
    const drafts = [0, 1, 2].map((i) => segmentDeletedDraft({ segmentId: randomUUID(), slotStart: new Date(MONDAY + i * 600_000) }, freelancer.id, NOW));
    // through Prisma's interactive transaction, then through a pg client: both append to one chain
    await prisma.$transaction((tx) => appendProofRecords(tx, contractId, drafts.slice(0, 2)));
    await pgTransaction(sql(), (c) => appendProofRecords(c, contractId, drafts.slice(2)));
  });

  it("appends through Prisma and pg alike", async () => {
    const { rows, texts } = await chainOf(contractId);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect((await checkChain(texts, GENESIS, { contract: contractId })).problems).toEqual([]);
  });

  it.each([
    ["UPDATE", `UPDATE proof_records SET record = replace(record, 'Z"', 'Z" ') WHERE contract_id = $1 AND seq = 2`],
    ["UPDATE of a column the hash does not cover", `UPDATE proof_records SET at = at + interval '1 hour' WHERE contract_id = $1`],
    ["DELETE", `DELETE FROM proof_records WHERE contract_id = $1 AND seq = 3`],
    ["TRUNCATE", `TRUNCATE proof_records`],
    ["TRUNCATE of the heads", `TRUNCATE proof_chain_heads CASCADE`],
    ["DELETE of the head", `DELETE FROM proof_chain_heads WHERE contract_id = $1`],
    ["moving the head back", `UPDATE proof_chain_heads SET seq = 1 WHERE contract_id = $1`],
  ])("refuses %s", async (_name, statement) => {
    await expect(sql().query(statement, statement.includes("$1") ? [contractId] : [])).rejects.toMatchObject({ code: "42501" });
    expect((await chainOf(contractId)).rows.map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it("lets db:seed --reset wipe the demo once it says so (hourglass.wipe), here rolled back", async () => {
    const c = await sql().connect();
    try {
      await c.query("BEGIN");
      await c.query("SET LOCAL hourglass.wipe = 'demo'");
      await c.query("TRUNCATE proof_records, proof_chain_heads");
      expect((await c.query("SELECT count(*)::int AS n FROM proof_records")).rows[0]).toEqual({ n: 0 });
    } finally {
      await c.query("ROLLBACK");
      c.release();
    }
    expect((await chainOf(contractId)).rows).toHaveLength(3);
  });

  it("refuses a record that does not extend the head, or whose hash is not its own", async () => {
    const { rows } = await chainOf(contractId);
    const forked = rows[1]!; // a second record 3 after record 2: a fork
    const text = forked.record.replace('"seq":2', '"seq":3').replace(forked.prevHash, forked.hash);
    const insert = `INSERT INTO proof_records (contract_id, seq, prev_hash, hash, kind, slot, at, record) VALUES ($1, $2, $3, $4, 'segment_deleted', NULL, now(), $5)`;
    await expect(sql().query(insert, [contractId, 3, forked.hash, await recordHash(text), text])).rejects.toMatchObject({ code: "23514" });
    const next = forked.record.replace('"seq":2', '"seq":4').replace(forked.prevHash, forked.hash); // extends record 2, not the head (3)
    await expect(sql().query(insert, [contractId, 4, forked.hash, await recordHash(next), next])).rejects.toMatchObject({ code: "23514" });
    const head = rows[2]!;
    const honest = forked.record.replace('"seq":2', '"seq":4').replace(forked.prevHash, head.hash);
    await expect(sql().query(insert, [contractId, 4, head.hash, GENESIS_HASH, honest])).rejects.toMatchObject({ code: "23514" }); // not its hash
    // a record for the database to link (seq 0) must carry the prev/seq placeholder, and its columns must match its text
    await expect(sql().query(insert, [contractId, 0, "", "", honest])).rejects.toMatchObject({ code: "23514" });
    const template = honest.replace(`"prev":"${head.hash}","seq":4`, `"prev":"${GENESIS_HASH}","seq":0`);
    await expect(sql().query(insert.replace("'segment_deleted'", "'dispute_filed'"), [contractId, 0, "", "", template])).rejects.toMatchObject({ code: "23514" });
    expect((await chainOf(contractId)).rows.map((r) => r.seq)).toEqual([1, 2, 3]);
  });
});

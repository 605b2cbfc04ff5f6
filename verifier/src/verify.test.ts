// The verifier on real bundles (signed, chained and sealed with the real code), each kind of
// tampering in its own case (R15.4): every problem must be found and named with its slot.
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical";
import { sha256Hex, utf8 } from "./encoding";
import type { ProofRecord } from "./records";
import { exitCode, formatReport, type Report } from "./report";
import { segmentMessage, signEd25519 } from "./signatures";
import { addSegment, appendRecord, buildTestBundle, bundleFiles, bundleZip, makeSigner, sealHead, type TestBundle } from "./test-bundle";
import { verifyBundle, verifyZip } from "./verify";
import { writeZip } from "./zip";

const SLOT_MS = 600_000;

function editRecord(texts: string[], seq: number, edit: (r: ProofRecord) => void): string[] {
  return texts.map((t) => {
    const r = JSON.parse(t) as ProofRecord;
    if (r.seq !== seq) return t;
    edit(r);
    return canonicalJson(r);
  });
}

function recordOf(b: TestBundle, seq: number): ProofRecord {
  return JSON.parse(b.chain[seq - 1]!) as ProofRecord;
}

async function verify(b: TestBundle, records?: string[]): Promise<Report> {
  return verifyBundle(await bundleFiles(b, records));
}

function codesAt(report: Report, slot: string | null) {
  return report.problems.filter((p) => p.slot === slot).map((p) => p.code);
}

describe("verifyBundle", () => {
  it("says an untouched sealed week holds (exit 0)", async () => {
    const b = await buildTestBundle({ segments: 6, manual: 2 });
    const report = await verifyZip(await bundleZip(b));
    expect(report.problems).toEqual([]);
    expect(report.status).toBe("holds");
    expect(exitCode(report)).toBe(0);
    expect(report.checked).toEqual({ records: 8, segments: 8, signatures: 9, screenshots: 6 });
    expect(formatReport(report)).toContain("The bundle holds");
  });

  it("checks a week that follows an anchor (the previous week's seal)", async () => {
    const b = await buildTestBundle({ anchored: true });
    const report = await verify(b);
    expect(report.problems).toEqual([]);
    expect(report.status).toBe("holds");
    expect(report.checked.records).toBe(6);
  });

  it("says a week that is not sealed yet is intact but unsealed (exit 3)", async () => {
    const b = await buildTestBundle({ sealed: false });
    const report = await verify(b);
    expect(report.status).toBe("not_sealed");
    expect(exitCode(report)).toBe(3);
  });

  it("names the slot of a changed count", async () => {
    const b = await buildTestBundle();
    const target = recordOf(b, 3);
    const records = editRecord(b.chain, 3, (r) => {
      if (r.kind === "segment_added") r.data.segment.keyboard[4] = 99;
    });
    const report = await verify(b, records);
    expect(report.status).toBe("problems");
    expect(exitCode(report)).toBe(1);
    expect(codesAt(report, target.slot)).toEqual(expect.arrayContaining(["bad_signature", "changed", "table_mismatch"]));
  });

  it("holds for a deleted segment whose screenshot is gone (R15.2), and names one the table still shows live", async () => {
    const b = await buildTestBundle({ sealed: false });
    const row = b.table[1]!;
    await appendRecord(b, "segment_deleted", row.slot, { segmentId: row.segmentId, by: "u-fiona" });
    Object.assign(row, { deleted: true, screenshotSha256: null });
    b.screenshots.delete(row.segmentId);
    b.seal = await sealHead(b, b.week);
    const report = await verify(b);
    expect(report.problems).toEqual([]);
    expect(report.notes.join()).toMatch(/1 segment was deleted/);

    row.deleted = false;
    expect((await verify(b)).problems.map((p) => [p.code, p.slot])).toEqual([["table_mismatch", row.slot]]);
  });

  it("names the slot of a changed memo", async () => {
    const b = await buildTestBundle({ sealed: false });
    const seg = recordOf(b, 2);
    if (seg.kind !== "segment_added") throw new Error("record 2 is a segment");
    await appendRecord(b, "memo_changed", seg.slot, { segmentId: seg.data.segmentId, memo: "Refactoring billing", by: "u-fiona" });
    await addSegment(b, Date.parse(seg.slot!) + 30 * SLOT_MS, 40);
    b.table.find((t) => t.segmentId === seg.data.segmentId)!.memo = "Refactoring billing";
    b.seal = await sealHead(b, b.week);
    expect((await verify(b)).status).toBe("holds");

    const records = editRecord(b.chain, 7, (r) => {
      if (r.kind === "memo_changed") r.data.memo = "Something else entirely";
    });
    const report = await verify(b, records);
    expect(codesAt(report, seg.slot)).toEqual(expect.arrayContaining(["changed", "table_mismatch"]));
  });

  it("names the slot of a swapped screenshot, even with the manifest rewritten to match", async () => {
    const b = await buildTestBundle();
    const victim = b.table[2]!;
    b.screenshots.set(victim.segmentId, utf8("another picture entirely"));
    const report = await verify(b);
    expect(report.problems.map((p) => [p.code, p.slot])).toEqual([["screenshot_swapped", victim.slot]]);
    expect(formatReport(report)).toMatch(/slot 2024-06-03 09:20 UTC.*swapped/);
  });

  it("names a missing screenshot", async () => {
    const b = await buildTestBundle();
    b.screenshots.delete(b.table[1]!.segmentId);
    expect(codesAt(await verify(b), b.table[1]!.slot)).toEqual(["screenshot_missing"]);
  });

  it("finds a removed record and names the slot the portal still shows", async () => {
    const b = await buildTestBundle();
    const removed = recordOf(b, 3);
    const report = await verify(b, b.chain.filter((_, i) => i !== 2));
    expect(report.problems.map((p) => p.code)).toContain("missing");
    expect(codesAt(report, removed.slot)).toContain("not_in_chain");
  });

  it("finds a removed last record through the seal", async () => {
    const b = await buildTestBundle();
    const last = b.chain.length;
    const report = await verify(b, b.chain.slice(0, -1));
    expect(report.problems.find((p) => p.code === "missing")?.seq).toBe(last);
  });

  it("names the slot of reordered records", async () => {
    const b = await buildTestBundle();
    const records = [...b.chain];
    [records[1], records[2]] = [records[2]!, records[1]!];
    const report = await verify(b, records);
    expect(codesAt(report, recordOf(b, 2).slot)).toContain("out_of_order");
  });

  it("names the slot of time added after the week was sealed", async () => {
    const b = await buildTestBundle();
    const slot = Date.parse(`${b.week}T00:00:00.000Z`) + 200 * SLOT_MS;
    await addSegment(b, slot, 77);
    const report = await verify(b);
    expect(report.problems.map((p) => [p.code, p.slot])).toEqual([["after_seal", new Date(slot).toISOString()]]);
  });

  it("accepts a dispute filed after the seal, and a record of the next week", async () => {
    const b = await buildTestBundle();
    await appendRecord(b, "dispute_filed", null, { disputeId: "d1", reference: "DSP-1", slots: [b.table[0]!.slot], by: "u-clara" });
    await addSegment(b, Date.parse(`${b.week}T00:00:00.000Z`) + 1100 * SLOT_MS, 78);
    b.table.pop(); // next week's segment is not in this week's table
    b.screenshots.delete([...b.screenshots.keys()].at(-1)!);
    const report = await verify(b);
    expect(report.problems).toEqual([]);
    expect(report.status).toBe("holds");
  });

  it("names the slot of a segment whose signature does not match what it holds", async () => {
    const b = await buildTestBundle({ sealed: false });
    const id = await addSegment(b, Date.parse(`${b.week}T00:00:00.000Z`) + 300 * SLOT_MS, 5);
    // what the tracker signed had other counts: the record holds a signature over different bytes
    const last = JSON.parse(b.chain.pop()!) as ProofRecord;
    if (last.kind !== "segment_added") throw new Error("a segment record");
    const signed = { ...last.data.segment, mouse: last.data.segment.mouse.map((n) => n + 1) };
    await appendRecord(b, "segment_added", last.slot, { ...last.data, signature: { keyId: b.device.keyId, sig: await signEd25519(b.device.privateKey, segmentMessage(signed)) } });
    b.seal = await sealHead(b, b.week);
    const report = await verify(b);
    expect(report.problems.map((p) => [p.code, p.slot])).toEqual([["bad_signature", last.slot]]);
    expect(id).toBeTruthy();
  });

  it("counts legacy (backfilled, unsigned) segments without failing them, and fails any other unsigned segment", async () => {
    const b = await buildTestBundle({ sealed: false });
    const start = Date.parse(`${b.week}T00:00:00.000Z`);
    const legacy = { contract: b.contract, slot: new Date(start + 500 * SLOT_MS).toISOString(), screenshotSha256: null, keyboard: [1], mouse: [1], memo: "old", takenAt: null, device: "legacy", manual: false };
    await appendRecord(b, "segment_added", legacy.slot, { segmentId: "legacy-1", segment: legacy, signature: null });
    b.table.push({ segmentId: "legacy-1", slot: legacy.slot, keyboard: [1], mouse: [1], memo: "old", screenshotSha256: null, deleted: false });
    b.seal = await sealHead(b, b.week);
    const report = await verify(b);
    expect(report.problems).toEqual([]);
    expect(report.notes.join()).toMatch(/1 segment was recorded before signatures existed/);

    const c = await buildTestBundle({ sealed: false });
    const forged = { ...legacy, contract: c.contract, device: c.device.device };
    await appendRecord(c, "segment_added", forged.slot, { segmentId: "forged-1", segment: forged, signature: null });
    c.table.push({ segmentId: "forged-1", slot: forged.slot, keyboard: [1], mouse: [1], memo: "old", screenshotSha256: null, deleted: false });
    c.seal = await sealHead(c, c.week);
    expect((await verify(c)).problems.map((p) => [p.code, p.slot])).toEqual([["unsigned", forged.slot]]);
  });

  it("names the slot of a segment signed by an unknown key", async () => {
    const b = await buildTestBundle({ sealed: false });
    const stranger = await makeSigner();
    const real = b.device;
    b.device = { ...stranger, device: real.device };
    await addSegment(b, Date.parse(`${b.week}T00:00:00.000Z`) + 400 * SLOT_MS, 6);
    b.device = real;
    b.seal = await sealHead(b, b.week);
    const report = await verify(b);
    expect(report.problems.map((p) => p.code)).toEqual(["unknown_key"]);
    expect(report.problems[0]!.slot).toBe(new Date(Date.parse(`${b.week}T00:00:00.000Z`) + 400 * SLOT_MS).toISOString());
  });

  it("names a segment accepted after its device's key was revoked", async () => {
    const b = await buildTestBundle();
    b.keys.devices[0]!.revokedAt = recordOf(b, 4).at;
    const report = await verify(b);
    expect(report.problems.map((p) => [p.code, p.slot])).toEqual([
      ["revoked_key", recordOf(b, 4).slot],
      ["revoked_key", recordOf(b, 5).slot],
      ["revoked_key", recordOf(b, 6).slot],
    ]);
  });

  it("names the slot whose counts the portal's table changed behind the chain's back", async () => {
    const b = await buildTestBundle();
    b.table[4]!.keyboard = b.table[4]!.keyboard.map((n) => n + 50);
    const report = await verify(b);
    expect(report.problems.map((p) => [p.code, p.slot])).toEqual([["table_mismatch", b.table[4]!.slot]]);
    expect(report.problems[0]!.message).toMatch(/keyboard counts/);
  });

  it("finds a seal that was changed or signed by an unknown key", async () => {
    const b = await buildTestBundle();
    b.seal = { ...b.seal!, seal: { ...b.seal!.seal, head: "f".repeat(64) } };
    expect((await verify(b)).problems.map((p) => p.code)).toEqual(expect.arrayContaining(["bad_signature", "changed"]));

    const c = await buildTestBundle();
    c.keys.portal = [];
    const report = await verify(c);
    expect(report.problems.map((p) => p.code)).toEqual(expect.arrayContaining(["unknown_key"]));
  });

  it("trusts portal keys given out of band over the bundle's own", async () => {
    const b = await buildTestBundle();
    const other = await makeSigner();
    const report = await verifyBundle(await bundleFiles(b), { trustedPortalKeys: [{ keyId: other.keyId, alg: "Ed25519", publicKey: other.publicKey, from: "2024-01-01T00:00:00.000Z", until: null }] });
    expect(report.problems.map((p) => p.code)).toContain("unknown_key");
    expect(report.notes.join()).not.toMatch(/taken from the bundle/);
  });

  it("answers a bad bundle with a clear error, never a crash (exit 2)", async () => {
    const notZip = await verifyZip(utf8("just some text"));
    expect([notZip.status, exitCode(notZip)]).toEqual(["unreadable", 2]);
    expect(notZip.problems[0]!.message).toBe("this is not a zip file");

    const zip = await bundleZip(await buildTestBundle());
    const truncated = await verifyZip(zip.subarray(0, Math.floor(zip.length / 2)));
    expect(truncated.status).toBe("unreadable");
    expect(formatReport(truncated)).toMatch(/cannot be read: the zip file is truncated/);

    const bomb = await verifyZip(await writeZip([{ name: "records.jsonl", bytes: new Uint8Array(8 << 20), deflate: true }]));
    expect(bomb.status).toBe("unreadable");
    expect(bomb.problems[0]!.message).toMatch(/zip bomb/);

    const noManifest = await verifyZip(await writeZip([{ name: "hello.txt", bytes: utf8("hi") }]));
    expect(noManifest.problems[0]!.message).toMatch(/manifest.json is missing/);
  });

  it("never crashes on a bundle with garbage in its files", async () => {
    const files = await bundleFiles(await buildTestBundle());
    for (const name of files.keys()) {
      for (const garbage of ["{", "null", "[]", '{"v":1}', "\u0000\u00ff"]) {
        if (new TextDecoder().decode(files.get(name)) === garbage) continue; // anchor.json is null already
        const broken = new Map(files);
        broken.set(name, utf8(garbage));
        const report = await verifyBundle(broken);
        expect(report.status, `${name} = ${garbage}`).not.toBe("holds");
      }
    }
  });

  it("catches a rewritten file against the manifest", async () => {
    const files = await bundleFiles(await buildTestBundle());
    const keys = JSON.parse(new TextDecoder().decode(files.get("keys.json"))) as object;
    files.set("keys.json", utf8(JSON.stringify(keys)));
    const report = await verifyBundle(files);
    expect(report.problems.map((p) => p.code)).toEqual(["file_changed"]);
    expect(await sha256Hex(files.get("keys.json")!)).toBeTruthy();
  });
});

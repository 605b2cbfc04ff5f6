import { describe, expect, it } from "vitest";
import { GENESIS, GENESIS_HASH, checkChain, parseRecord, recordHash, recordText, type ProofRecord } from "./records";

const CONTRACT = "7f1c9a52-1b8e-4c3a-9d7e-2f4b6a8c0e11";

function deleted(seq: number, prev: string, slot: string): ProofRecord {
  return { v: 1, contract: CONTRACT, seq, prev, at: "2024-06-04T12:00:00.000Z", kind: "segment_deleted", slot, data: { segmentId: `seg-${seq}`, by: "user-1" } };
}

/** A well-formed chain of n records from genesis, as texts. */
async function chain(n: number): Promise<string[]> {
  const texts: string[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const slot = new Date(Date.parse("2024-06-04T09:00:00.000Z") + (seq - 1) * 600_000).toISOString();
    const text = recordText(deleted(seq, prev, slot));
    texts.push(text);
    prev = await recordHash(text);
  }
  return texts;
}

describe("recordText and recordHash (R15.2)", () => {
  it("writes the canonical text and hashes it under its domain tag (documented vector)", async () => {
    const record = deleted(1, GENESIS_HASH, "2024-06-04T09:00:00.000Z");
    const text = recordText(record);
    expect(text).toBe(
      `{"at":"2024-06-04T12:00:00.000Z","contract":"${CONTRACT}","data":{"by":"user-1","segmentId":"seg-1"},"kind":"segment_deleted","prev":"${GENESIS_HASH}","seq":1,"slot":"2024-06-04T09:00:00.000Z","v":1}`,
    );
    // sha256("hourglass-record-v1\n" + text), computed independently with sha256sum
    expect(await recordHash(text)).toBe("0d6bec625be4c3572d9150fb034b937bb7dd8c5d498a263f50185fb999de62b4");
    expect(await recordHash(text)).not.toBe(await recordHash(text.replace("user-1", "user-2")));
  });

  it("parses what it wrote, and refuses what is not a record", () => {
    const text = recordText(deleted(1, GENESIS_HASH, "2024-06-04T09:00:00.000Z"));
    expect(parseRecord(text)).toEqual(JSON.parse(text));
    for (const bad of ["", "[]", "{}", text.replace('"v":1', '"v":2'), text.replace('"seq":1', '"seq":0'), text.replace('"kind":"segment_deleted"', '"kind":"other"'), text.replace(GENESIS_HASH, "xyz")]) {
      expect(() => parseRecord(bad)).toThrow();
    }
  });
});

describe("checkChain", () => {
  it("accepts a whole chain and reports its head", async () => {
    const texts = await chain(5);
    const check = await checkChain(texts, GENESIS, { contract: CONTRACT });
    expect(check.problems).toEqual([]);
    expect(check.head).toEqual({ seq: 5, hash: await recordHash(texts[4]!) });
  });

  it("accepts a continuation from an anchor, and refuses one from another anchor", async () => {
    const texts = await chain(5);
    const anchor = { seq: 2, hash: await recordHash(texts[1]!) };
    expect((await checkChain(texts.slice(2), anchor)).problems).toEqual([]);
    const wrong = await checkChain(texts.slice(2), { seq: 2, hash: GENESIS_HASH });
    expect(wrong.problems).toMatchObject([{ code: "anchor_mismatch", seq: 3 }]);
    expect(wrong.head).toEqual({ seq: 2, hash: GENESIS_HASH });
  });

  it("names a changed record with its slot (its successor no longer links)", async () => {
    const texts = await chain(5);
    const changed = JSON.parse(texts[1]!) as ProofRecord;
    (changed.data as { by: string }).by = "someone-else";
    texts[1] = recordText(changed);
    const check = await checkChain(texts, GENESIS);
    expect(check.problems).toEqual([expect.objectContaining({ code: "changed", seq: 2, slot: "2024-06-04T09:10:00.000Z" })]);
    expect(check.head.seq).toBe(2); // the break is after record 2: its own hash is the changed one
  });

  it("names a record whose bytes were edited without changing its meaning", async () => {
    const texts = await chain(3);
    texts[2] = texts[2]!.replace('"v":1', '"v": 1');
    expect((await checkChain(texts, GENESIS)).problems).toEqual([expect.objectContaining({ code: "not_canonical", seq: 3 })]);
  });

  it("finds a removed record", async () => {
    const texts = await chain(5);
    texts.splice(2, 1);
    const check = await checkChain(texts, GENESIS);
    expect(check.problems).toEqual([expect.objectContaining({ code: "missing", seq: 3, message: expect.stringContaining("2024-06-04T09:30:00.000Z") })]);
    expect(check.head.seq).toBe(2);
  });

  it("finds reordered records", async () => {
    const texts = await chain(5);
    [texts[1], texts[2]] = [texts[2]!, texts[1]!];
    expect((await checkChain(texts, GENESIS)).problems).toEqual([expect.objectContaining({ code: "out_of_order", seq: 2, line: 3 })]);
  });

  it("finds a repeated record, another contract's record and an unreadable line", async () => {
    const texts = await chain(3);
    const check = await checkChain([...texts, texts[1]!, "not json"], GENESIS, { contract: "other" });
    const codes = check.problems.map((p) => p.code);
    expect(codes.filter((c) => c === "wrong_contract")).toHaveLength(4);
    expect(codes).toContain("duplicate");
    expect(check.problems).toContainEqual(expect.objectContaining({ code: "unreadable", line: 5 }));
  });

  it("names the record concerned for every single removal, change and swap in a chain of 6", async () => {
    const texts = await chain(6);
    for (let i = 0; i < 6; i++) {
      const removed = texts.filter((_, j) => j !== i);
      // removing the last record leaves a whole, shorter chain: only the seal's head (verify.ts) can tell
      if (i < 5) expect((await checkChain(removed, GENESIS)).problems).toContainEqual(expect.objectContaining({ code: "missing", seq: i + 1 }));
      else expect((await checkChain(removed, GENESIS)).head.seq).toBe(5);

      const changed = [...texts];
      changed[i] = changed[i]!.replace('"by":"user-1"', '"by":"user-9"');
      const check = await checkChain(changed, GENESIS);
      if (i < 5) expect(check.problems).toEqual([expect.objectContaining({ code: "changed", seq: i + 1, slot: (JSON.parse(texts[i]!) as ProofRecord).slot })]);
      else expect(check.head.hash).not.toBe(await recordHash(texts[5]!)); // the last one: its hash is no longer the sealed head

      if (i < 5) {
        const swapped = [...texts];
        [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
        expect((await checkChain(swapped, GENESIS)).problems).toContainEqual(expect.objectContaining({ code: "out_of_order", seq: i + 1 }));
      }
    }
  });

  it("an empty continuation is the anchor itself", async () => {
    expect(await checkChain([], GENESIS)).toEqual({ entries: [], head: GENESIS, problems: [] });
  });
});

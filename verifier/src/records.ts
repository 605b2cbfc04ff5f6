// The per-contract hash chain (R15.2): record types, their exact text and hash, and the chain
// check every verifier runs. Pure and isomorphic (WebCrypto through encoding.ts), like the rest
// of verifier/src: the portal appends with recordText/recordHash, the CLI and the browser check
// with checkChain.
import { canonicalJson } from "./canonical";
import { sha256Hex, utf8 } from "./encoding";
import type { SignedSegment } from "./signatures";

/** prev of record 1, and the head of a contract with no record yet */
export const GENESIS_HASH = "0".repeat(64);

export const PROOF_RECORD_KINDS = ["segment_added", "segment_deleted", "manual_time_added", "memo_changed", "dispute_filed", "dispute_settled"] as const;
export type ProofRecordKind = (typeof PROOF_RECORD_KINDS)[number];

/** A segment's signature as the portal checked it; null for a segment stored before signing existed (legacy). */
export type SegmentSignature = { keyId: string; sig: string };

export type SegmentAddedData = { segmentId: string; segment: SignedSegment; signature: SegmentSignature | null };
export type SegmentDeletedData = { segmentId: string; by: string };
export type MemoChangedData = { segmentId: string; memo: string; by: string };
export type DisputeFiledData = { disputeId: string; reference: string; slots: string[]; by: string };
export type DisputeSettledData = { disputeId: string; reference: string; outcome: string; refundedSlots: string[]; by: string };

export type ProofRecordDataOf = {
  segment_added: SegmentAddedData;
  manual_time_added: SegmentAddedData;
  segment_deleted: SegmentDeletedData;
  memo_changed: MemoChangedData;
  dispute_filed: DisputeFiledData;
  dispute_settled: DisputeSettledData;
};

type RecordOf<K extends ProofRecordKind> = {
  v: 1;
  contract: string;
  /** 1, 2, 3… per contract */
  seq: number;
  /** recordHash of record seq - 1; GENESIS_HASH for seq 1 */
  prev: string;
  /** when the portal appended it, ISO with milliseconds */
  at: string;
  kind: K;
  /** the slot concerned, ISO with milliseconds; null when several (data.slots lists them) */
  slot: string | null;
  data: ProofRecordDataOf[K];
};

export type ProofRecord = { [K in ProofRecordKind]: RecordOf<K> }[ProofRecordKind];

const RECORD_DOMAIN = "hourglass-record-v1\n";

/** The exact text that is stored, shipped in records.jsonl and hashed. */
export function recordText(record: ProofRecord): string {
  return canonicalJson(record);
}

/** Lowercase hex SHA-256 of the domain tag and the record's text. */
export async function recordHash(text: string): Promise<string> {
  return sha256Hex(utf8(RECORD_DOMAIN + text));
}

export interface ChainPoint {
  seq: number;
  hash: string;
}

/** Where a contract's chain starts: before record 1. */
export const GENESIS: ChainPoint = { seq: 0, hash: GENESIS_HASH };

export type ChainProblemCode =
  | "unreadable" // not JSON, or not a record of this format
  | "not_canonical" // JSON, but not the canonical text: its bytes were edited
  | "wrong_contract"
  | "out_of_order" // a record comes after one with a higher seq
  | "duplicate" // two records with one seq
  | "missing" // a seq between the anchor and the last record is absent: a record was removed
  | "changed" // the next record's prev is not this record's hash: this record was changed
  | "anchor_mismatch"; // the first record does not continue from the anchor

export interface ChainProblem {
  code: ChainProblemCode;
  /** the record concerned (for "missing", the absent seq); null when the line could not be read */
  seq: number | null;
  /** 1-based line in the records as given */
  line: number | null;
  /** the slot the record concerns, when known */
  slot: string | null;
  message: string;
}

export interface ChainEntry {
  line: number;
  text: string;
  /** null when the line is not a readable record */
  record: ProofRecord | null;
  /** recordHash(text), computed on the text as given */
  hash: string;
}

export interface ChainCheck {
  entries: ChainEntry[];
  /** the record with the highest seq that links back to the anchor without a break; the anchor itself when none */
  head: ChainPoint;
  problems: ChainProblem[];
}

export class RecordFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordFormatError";
  }
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * One record from its text. Throws RecordFormatError when the text is not a record of version 1
 * (the envelope is checked; data is checked by whoever reads it, e.g. verify.ts for a segment).
 */
export function parseRecord(text: string): ProofRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RecordFormatError("not JSON");
  }
  if (!isObject(value)) throw new RecordFormatError("not an object");
  const r = value;
  if (r.v !== 1) throw new RecordFormatError(`unknown version ${JSON.stringify(r.v)}`);
  if (typeof r.contract !== "string") throw new RecordFormatError("no contract");
  if (!Number.isSafeInteger(r.seq) || (r.seq as number) < 1) throw new RecordFormatError("seq is not a positive integer");
  if (typeof r.prev !== "string" || !HEX64.test(r.prev)) throw new RecordFormatError("prev is not a SHA-256 hex hash");
  if (typeof r.at !== "string" || !ISO_MS.test(r.at)) throw new RecordFormatError("at is not an ISO instant with milliseconds");
  if (typeof r.kind !== "string" || !(PROOF_RECORD_KINDS as readonly string[]).includes(r.kind)) throw new RecordFormatError(`unknown kind ${JSON.stringify(r.kind)}`);
  if (r.slot !== null && (typeof r.slot !== "string" || !ISO_MS.test(r.slot))) throw new RecordFormatError("slot is neither null nor an ISO instant with milliseconds");
  if (!isObject(r.data)) throw new RecordFormatError("data is not an object");
  const extra = Object.keys(r).filter((k) => !["v", "contract", "seq", "prev", "at", "kind", "slot", "data"].includes(k));
  if (extra.length) throw new RecordFormatError(`unknown field ${extra[0]}`);
  return value as ProofRecord;
}

const describe = (r: ProofRecord | null, seq: number | null) => `record ${seq ?? "?"}${r?.slot ? ` (slot ${r.slot})` : ""}`;

/**
 * Checks records (their texts, in the order given) as a continuation of `from`: the anchor's seq
 * and hash (GENESIS for a whole chain). Every record must be readable and canonical, belong to the
 * contract (when given), come in seq order from from.seq + 1 without gaps or repeats, and hold in
 * prev the hash of the record before it. Every problem is listed (not only the first), each with
 * the record's seq and slot. Choice: as Certificate Transparency's consistency checks, the hash
 * is recomputed from the bytes as shipped, never read from the bundle.
 */
export async function checkChain(texts: readonly string[], from: ChainPoint, opts: { contract?: string } = {}): Promise<ChainCheck> {
  const problems: ChainProblem[] = [];
  const entries: ChainEntry[] = await Promise.all(
    texts.map(async (text, i) => {
      let record: ProofRecord | null = null;
      try {
        record = parseRecord(text);
      } catch (error) {
        problems.push({ code: "unreadable", seq: null, line: i + 1, slot: null, message: `line ${i + 1} is not a readable record: ${(error as Error).message}` });
      }
      return { line: i + 1, text, record, hash: await recordHash(text) };
    }),
  );

  const bySeq = new Map<number, ChainEntry>();
  let highest = from.seq;
  for (const entry of entries) {
    const r = entry.record;
    if (!r) continue;
    const where = describe(r, r.seq);
    if (canonicalJson(r) !== entry.text) {
      problems.push({ code: "not_canonical", seq: r.seq, line: entry.line, slot: r.slot, message: `${where} is not in canonical form: its text was edited` });
    }
    if (opts.contract !== undefined && r.contract !== opts.contract) {
      problems.push({ code: "wrong_contract", seq: r.seq, line: entry.line, slot: r.slot, message: `${where} belongs to contract ${r.contract}, not ${opts.contract}` });
    }
    if (bySeq.has(r.seq) || r.seq <= from.seq) {
      problems.push({ code: "duplicate", seq: r.seq, line: entry.line, slot: r.slot, message: `${where} appears twice or repeats a sealed record` });
      continue;
    }
    if (r.seq < highest) {
      problems.push({ code: "out_of_order", seq: r.seq, line: entry.line, slot: r.slot, message: `${where} comes after record ${highest}: the records were reordered` });
    }
    highest = Math.max(highest, r.seq);
    bySeq.set(r.seq, entry);
  }

  // Links, in seq order. A break is blamed on the record whose hash no longer matches what its successor holds.
  let head: ChainPoint = { ...from };
  let linked = true;
  for (let seq = from.seq + 1; seq <= highest; seq++) {
    const entry = bySeq.get(seq);
    if (!entry) {
      const next = bySeq.get(seq + 1)?.record ?? null;
      problems.push({
        code: "missing", seq, line: null, slot: null,
        message: `record ${seq} is missing${next?.slot ? ` (before the record of slot ${next.slot})` : ""}: a record was removed`,
      });
      linked = false;
      continue;
    }
    const r = entry.record!;
    const before = seq === from.seq + 1 ? null : bySeq.get(seq - 1);
    if (seq === from.seq + 1) {
      if (r.prev !== from.hash) {
        problems.push({ code: "anchor_mismatch", seq, line: entry.line, slot: r.slot, message: `${describe(r, seq)} does not continue from the anchor (record ${from.seq})` });
        linked = false;
      }
    } else if (before && r.prev !== before.hash) {
      problems.push({
        code: "changed", seq: seq - 1, line: before.line, slot: before.record!.slot,
        message: `${describe(before.record, seq - 1)} was changed: record ${seq} holds a different hash for it`,
      });
      linked = false;
    }
    if (linked) head = { seq, hash: entry.hash };
  }
  problems.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER) || (a.line ?? 0) - (b.line ?? 0));
  return { entries, head, problems };
}

// The offline verifier (R15.4): checks a proof bundle's files without the portal, and names every
// problem with the slot it concerns. Pure and isomorphic: the CLI (cli.ts) and the "Verify a
// bundle" page (app/verify) run this same code.
//
// What is checked, in order:
//  1. the manifest, and each file against the SHA-256 it lists;
//  2. the keys: each key id is the hash of its key;
//  3. the anchor (the last seal before the week) and this week's seal: signed by a published portal key;
//  4. the records: readable, canonical, in order from the anchor without a gap, each linked to the one before
//     (records.ts checkChain), and the seal's head is the hash of the record it names;
//  5. each added segment: signed by a known, unrevoked key over exactly what the record holds;
//  6. no change to this week's time recorded after its seal;
//  7. the portal's table (segments.json) agrees with the replayed records: changed behind the chain's back;
//  8. each live segment's screenshot is the one whose SHA-256 was signed.
import { sha256Hex } from "./encoding";
import { checkChain, GENESIS, type ChainPoint, type ProofRecord } from "./records";
import { verifySeal, type SealProblemCode, type SignedSeal } from "./seal";
import { keyIdOf, parsePublicKey, segmentMessage, verifyEd25519, type SignedSegment } from "./signatures";
import { FILES, screenshotFile, weekBounds, type BundleKeys, type DeviceKey, type Manifest, type PortalKey, type TableSegment } from "./bundle-format";
import type { Problem, Report, SealSummary } from "./report";
import { readZip, ZipError, type ZipLimits } from "./zip";

export interface VerifyOptions {
  /**
   * Portal keys trusted from elsewhere (the portal's /.well-known/hourglass-keys.json fetched on
   * another day, or pinned). Without them the bundle's own keys.json is trusted, and the report says so.
   */
  trustedPortalKeys?: PortalKey[];
  zipLimits?: ZipLimits;
}

/** Kinds that change a slot's time; after a week's seal, none may concern that week (R1.3, R15.4). */
/** The device a backfilled segment names: recorded before R15.1, so never signed. */
const LEGACY_DEVICE = "legacy";
const TIME_KINDS = new Set(["segment_added", "manual_time_added", "segment_deleted", "memo_changed"]);

class Unreadable extends Error {}

const decoder = new TextDecoder("utf-8", { fatal: true });

function json(files: Map<string, Uint8Array>, name: string): unknown {
  const bytes = files.get(name);
  if (!bytes) throw new Unreadable(`${name} is missing: this is not a proof bundle`);
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    throw new Unreadable(`${name} is not valid JSON`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function readManifest(files: Map<string, Uint8Array>): Manifest {
  const m = json(files, FILES.manifest);
  if (!isObject(m) || m.v !== 1 || typeof m.contract !== "string" || typeof m.week !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(m.week) || !Array.isArray(m.files)) {
    throw new Unreadable("manifest.json is not a version 1 proof bundle manifest");
  }
  for (const f of m.files) if (!isObject(f) || typeof f.name !== "string" || typeof f.sha256 !== "string") throw new Unreadable("manifest.json lists a file without a name and SHA-256");
  return m as unknown as Manifest;
}

function readSignedSeal(value: unknown, name: string): SignedSeal | null {
  if (value === null) return null;
  const s = value as SignedSeal;
  if (!isObject(value) || !isObject(s.seal) || typeof s.signature !== "string" || !Number.isSafeInteger(s.seal.seq) || typeof s.seal.head !== "string" || typeof s.seal.keyId !== "string") {
    throw new Unreadable(`${name} is neither null nor a signed seal`);
  }
  return s;
}

function readKeys(value: unknown): BundleKeys {
  if (!isObject(value) || !Array.isArray(value.portal) || !Array.isArray(value.devices)) throw new Unreadable("keys.json does not list portal and device keys");
  const ok = (k: unknown) => isObject(k) && typeof k.keyId === "string" && typeof k.publicKey === "string";
  if (!value.portal.every(ok) || !value.devices.every(ok)) throw new Unreadable("keys.json lists a key without an id and a public key");
  return value as unknown as BundleKeys;
}

function readTable(value: unknown): TableSegment[] {
  if (!Array.isArray(value)) throw new Unreadable("segments.json is not a list of segments");
  for (const s of value) {
    if (!isObject(s) || typeof s.segmentId !== "string" || typeof s.slot !== "string") throw new Unreadable("segments.json lists a segment without an id and a slot");
  }
  return value as TableSegment[];
}

interface SegmentState {
  segmentId: string;
  slot: string;
  segment: SignedSegment;
  memo: string;
  deleted: boolean;
  seq: number;
}

const sameList = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const inWeek = (slot: string | null, bounds: { start: number; end: number }) => slot !== null && Date.parse(slot) >= bounds.start && Date.parse(slot) < bounds.end;

/** Verifies a bundle's files. Never throws: an unreadable bundle is a report with status "unreadable". */
export async function verifyBundle(files: Map<string, Uint8Array>, opts: VerifyOptions = {}): Promise<Report> {
  try {
    return await verifyReadable(files, opts);
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    return unreadable(error.message);
  }
}

/** Reads a bundle's zip and verifies it; a zip that cannot be read is a report with status "unreadable". */
export async function verifyZip(bytes: Uint8Array, opts: VerifyOptions = {}): Promise<Report> {
  let files: Map<string, Uint8Array>;
  try {
    files = await readZip(bytes, opts.zipLimits);
  } catch (error) {
    if (error instanceof ZipError) return unreadable(error.message);
    throw error;
  }
  return verifyBundle(files, opts);
}

function unreadable(message: string): Report {
  return {
    status: "unreadable", contract: null, week: null, seal: null,
    checked: { records: 0, segments: 0, signatures: 0, screenshots: 0 },
    problems: [{ code: "file_missing", slot: null, seq: null, message }],
    notes: [],
  };
}

async function verifyReadable(files: Map<string, Uint8Array>, opts: VerifyOptions): Promise<Report> {
  const manifest = readManifest(files);
  const { contract, week } = manifest;
  const bounds = weekBounds(week);
  if (Number.isNaN(bounds.start) || new Date(bounds.start).getUTCDay() !== 1) throw new Unreadable(`manifest.json names ${week}, which is not a Monday`);
  const problems: Problem[] = [];
  const notes: string[] = [];
  const checked = { records: 0, segments: 0, signatures: 0, screenshots: 0 };
  const problem = (code: Problem["code"], slot: string | null, seq: number | null, message: string) => problems.push({ code, slot, seq, message });

  // 1. the manifest's files. Screenshots are checked against their signed hashes below, which names the slot.
  const listed = new Set(manifest.files.map((f) => f.name));
  for (const f of manifest.files) {
    const bytes = files.get(f.name);
    if (!bytes) problem("file_missing", null, null, `${f.name} is listed in the manifest but missing`);
    else if (!f.name.startsWith("screenshots/") && (await sha256Hex(bytes)) !== f.sha256) problem("file_changed", null, null, `${f.name} is not the file the manifest lists (its SHA-256 differs)`);
  }
  for (const name of Object.values(FILES)) {
    if (name !== FILES.manifest && !listed.has(name)) problem("file_missing", null, null, `the manifest does not list ${name}`);
  }

  const keys = readKeys(json(files, FILES.keys));
  const anchor = readSignedSeal(json(files, FILES.anchor), FILES.anchor);
  const seal = readSignedSeal(json(files, FILES.seal), FILES.seal);
  const table = readTable(json(files, FILES.segments));
  const recordsBytes = files.get(FILES.records);
  if (!recordsBytes) throw new Unreadable("records.jsonl is missing: this is not a proof bundle");
  let recordsText: string;
  try {
    recordsText = decoder.decode(recordsBytes);
  } catch {
    throw new Unreadable("records.jsonl is not UTF-8 text");
  }

  // 2. keys: an id must be the hash of its key, or the key could stand in for another.
  const portalKeys = new Map<string, PortalKey>();
  const deviceKeys = new Map<string, DeviceKey>();
  const checkKeyId = async (k: { keyId: string; publicKey: string }, what: string) => {
    const raw = parsePublicKey(k.publicKey);
    if (raw && (await keyIdOf(raw)) === k.keyId) return true;
    problem("bad_key", null, null, `${what} key ${k.keyId} is not a valid Ed25519 key with that id`);
    return false;
  };
  // Choice: as Sigstore's trust root, portal keys given out of band win; without them the bundle's own
  // keys are used and the report says so (a bundle then proves consistency, not origin).
  const trusted = opts.trustedPortalKeys ?? keys.portal;
  for (const k of trusted) if (await checkKeyId(k, "portal")) portalKeys.set(k.keyId, k);
  if (!opts.trustedPortalKeys) notes.push("the portal's keys were taken from the bundle itself; pass the portal's published keys (--keys) to check where it came from");
  for (const k of keys.devices) if (await checkKeyId(k, `device "${k.name}"`)) deviceKeys.set(k.keyId, k);

  // 3. the anchor and the seal, each signed by a portal key that was in use when it was sealed.
  const sealCodes: Record<SealProblemCode, Problem["code"]> = {
    malformed: "seal_mismatch", unknown_key: "unknown_key", key_mismatch: "bad_key", outside_key_window: "bad_signature", bad_signature: "bad_signature",
  };
  const checkSeal = async (signed: SignedSeal, what: string): Promise<void> => {
    const s = signed.seal;
    checked.signatures++;
    const check = await verifySeal(signed, [...portalKeys.values()]);
    if (!check.ok) problem(sealCodes[check.code], null, s.seq, `${what}: ${check.message}`);
    if (s.contract !== contract) problem("seal_mismatch", null, s.seq, `${what} is for contract ${s.contract}, not ${contract}`);
  };
  let from: ChainPoint = GENESIS;
  if (anchor) {
    await checkSeal(anchor, "the anchor (the seal before this week)");
    if (anchor.seal.week >= week) problem("seal_mismatch", null, anchor.seal.seq, `the anchor seals week ${anchor.seal.week}, which is not before ${week}`);
    from = { seq: anchor.seal.seq, hash: anchor.seal.head };
  }
  if (seal) {
    await checkSeal(seal, "this week's seal");
    if (seal.seal.week !== week) problem("seal_mismatch", null, seal.seal.seq, `seal.json seals week ${seal.seal.week}, not ${week}`);
  }

  // 4. the chain.
  const texts = recordsText.split("\n");
  if (texts.at(-1) === "") texts.pop();
  const chain = await checkChain(texts, from, { contract });
  checked.records = chain.entries.length;
  for (const p of chain.problems) problem(p.code, p.slot, p.seq, p.message);
  const bySeq = new Map<number, { record: ProofRecord; hash: string }>();
  for (const e of chain.entries) if (e.record && !bySeq.has(e.record.seq)) bySeq.set(e.record.seq, { record: e.record, hash: e.hash });
  if (seal) {
    const s = seal.seal;
    const sealed = s.seq === from.seq ? from.hash : bySeq.get(s.seq)?.hash;
    if (s.seq < from.seq) problem("seal_mismatch", null, s.seq, `this week's seal names record ${s.seq}, before the anchor's ${from.seq}`);
    else if (sealed === undefined) problem("missing", null, s.seq, `the seal covers record ${s.seq}, which the bundle does not hold: records were removed`);
    else if (sealed !== s.head) {
      const r = bySeq.get(s.seq)?.record;
      problem("changed", r?.slot ?? null, s.seq, `record ${s.seq}${r?.slot ? ` (slot ${r.slot})` : ""} is not the one sealed: its hash differs from the seal's head`);
    }
  }

  // 5 and 6. replay the records in seq order, checking each segment's signature.
  let unsignedLegacy = 0;
  const segments = new Map<string, SegmentState>();
  const ordered = [...bySeq.values()].sort((a, b) => a.record.seq - b.record.seq);
  for (const { record: r } of ordered) {
    const here = r.slot ? ` (slot ${r.slot})` : "";
    if (seal && r.seq > seal.seal.seq && TIME_KINDS.has(r.kind) && inWeek(r.slot, bounds)) {
      problem("after_seal", r.slot, r.seq, `record ${r.seq}${here}, ${r.kind.replace(/_/g, " ")}, was added after the week was sealed at record ${seal.seal.seq}`);
    }
    switch (r.kind) {
      case "segment_added":
      case "manual_time_added": {
        const d = r.data;
        const seg = d.segment;
        if (!isObject(seg) || typeof d.segmentId !== "string") {
          problem("bad_segment", r.slot, r.seq, `record ${r.seq}${here} holds no segment`);
          break;
        }
        const manual = r.kind === "manual_time_added";
        if (seg.contract !== contract || seg.slot !== r.slot || seg.manual !== manual) {
          problem("bad_segment", r.slot, r.seq, `record ${r.seq}${here} holds a segment of another contract, slot or kind`);
        }
        await checkSegmentSignature(r, manual);
        segments.set(d.segmentId, { segmentId: d.segmentId, slot: seg.slot, segment: seg, memo: seg.memo, deleted: false, seq: r.seq });
        break;
      }
      case "segment_deleted":
      case "memo_changed": {
        const s = segments.get(r.data.segmentId);
        if (!s) {
          // Before the anchor it may have been added: only a segment of this week must be known.
          if (inWeek(r.slot, bounds)) problem("unknown_segment", r.slot, r.seq, `record ${r.seq}${here} changes segment ${r.data.segmentId}, which no record of the bundle added`);
          break;
        }
        if (r.kind === "segment_deleted") s.deleted = true;
        else s.memo = r.data.memo;
        break;
      }
      default:
        break;
    }
  }

  async function checkSegmentSignature(r: ProofRecord & { kind: "segment_added" | "manual_time_added" }, manual: boolean): Promise<void> {
    const here = r.slot ? ` (slot ${r.slot})` : "";
    const sig = r.data.signature;
    if (!sig) {
      // Choice: time recorded before signatures existed is chained by the portal's backfill as device
      // "legacy" (tracked) or as unsigned manual time. The chain and the seal still cover it (nothing can
      // change after the seal unseen), so it is counted and said, not failed; any other unsigned segment is a problem.
      if (manual || r.data.segment.device === LEGACY_DEVICE) {
        if (inWeek(r.slot, bounds)) unsignedLegacy++;
        return;
      }
      return void problem("unsigned", r.slot, r.seq, `the segment of record ${r.seq}${here} is not signed`);
    }
    let publicKey: string;
    if (manual) {
      const key = portalKeys.get(sig.keyId);
      if (!key) return void problem("unknown_key", r.slot, r.seq, `the manual time of record ${r.seq}${here} is signed by key ${sig.keyId}, which is not a published portal key`);
      publicKey = key.publicKey;
    } else {
      const key = deviceKeys.get(sig.keyId);
      if (!key) return void problem("unknown_key", r.slot, r.seq, `the segment of record ${r.seq}${here} is signed by key ${sig.keyId}, which is not a device key of this contract`);
      if (key.device !== r.data.segment.device) problem("bad_segment", r.slot, r.seq, `the segment of record ${r.seq}${here} names device ${r.data.segment.device} but is signed by ${key.name}'s key`);
      if (key.revokedAt !== null && key.revokedAt <= r.at) problem("revoked_key", r.slot, r.seq, `the segment of record ${r.seq}${here} was accepted on ${r.at}, after ${key.name}'s key was revoked on ${key.revokedAt}`);
      publicKey = key.publicKey;
    }
    checked.signatures++;
    let message: Uint8Array;
    try {
      message = segmentMessage(r.data.segment);
    } catch {
      return void problem("bad_segment", r.slot, r.seq, `the segment of record ${r.seq}${here} cannot be encoded: it holds values no tracker signs`);
    }
    if (!(await verifyEd25519(publicKey, message, sig.sig))) {
      problem("bad_signature", r.slot, r.seq, `the segment of record ${r.seq}${here} does not match its signature: its counts, memo, screenshot or time were changed`);
    }
  }

  // 7. the portal's table against the chain, for this week's slots.
  const week_ = [...segments.values()].filter((s) => inWeek(s.slot, bounds));
  checked.segments = week_.filter((s) => !s.deleted).length;
  const rows = new Map(table.map((t) => [t.segmentId, t]));
  for (const s of week_) {
    const row = rows.get(s.segmentId);
    rows.delete(s.segmentId);
    // Choice: a deleted segment may be gone from the table or shown as deleted; a live one must be there as signed.
    if (!row) {
      if (!s.deleted) problem("missing_from_table", s.slot, s.seq, `the segment of slot ${s.slot} is in the records but the portal no longer shows it`);
      continue;
    }
    const differs: string[] = [];
    if (row.slot !== s.slot) differs.push(`slot ${row.slot}`);
    if (!sameList(row.keyboard, s.segment.keyboard)) differs.push(`keyboard counts ${JSON.stringify(row.keyboard)} (signed: ${JSON.stringify(s.segment.keyboard)})`);
    if (!sameList(row.mouse, s.segment.mouse)) differs.push(`mouse counts ${JSON.stringify(row.mouse)} (signed: ${JSON.stringify(s.segment.mouse)})`);
    if (row.memo !== s.memo) differs.push(`memo ${JSON.stringify(row.memo)} (recorded: ${JSON.stringify(s.memo)})`);
    // R15.2 a deletion removes the screenshot: only a live segment's must still be the signed one
    if (!s.deleted && row.screenshotSha256 !== s.segment.screenshotSha256) differs.push(`screenshot ${row.screenshotSha256} (signed: ${s.segment.screenshotSha256})`);
    if (row.deleted !== s.deleted) differs.push(row.deleted ? "deleted, though no record deleted it" : "live, though a record deleted it");
    if (differs.length) problem("table_mismatch", s.slot, s.seq, `the portal's table changed the segment of slot ${s.slot} behind the chain's back: ${differs.join("; ")}`);
  }
  for (const row of rows.values()) {
    problem("not_in_chain", row.slot, null, `the portal shows a segment in slot ${row.slot} (${row.segmentId}) that no record added`);
  }
  if (unsignedLegacy) notes.push(`${unsignedLegacy} segment${unsignedLegacy === 1 ? " was" : "s were"} recorded before signatures existed: the chain and the seal cover ${unsignedLegacy === 1 ? "it" : "them"}, no device signed ${unsignedLegacy === 1 ? "it" : "them"}`);
  const deleted = week_.filter((s) => s.deleted).length;
  if (deleted) notes.push(`${deleted} segment${deleted === 1 ? " was" : "s were"} deleted this week (recorded in the chain)`);

  // 8. screenshots: byte for byte what was signed.
  const expected = new Map<string, SegmentState>();
  for (const s of week_) if (!s.deleted && s.segment.screenshotSha256) expected.set(screenshotFile(s.segmentId), s);
  for (const [name, s] of expected) {
    const bytes = files.get(name);
    if (!bytes) {
      problem("screenshot_missing", s.slot, s.seq, `the screenshot of slot ${s.slot} is missing`);
      continue;
    }
    checked.screenshots++;
    if ((await sha256Hex(bytes)) !== s.segment.screenshotSha256) problem("screenshot_swapped", s.slot, s.seq, `the screenshot of slot ${s.slot} is not the one that was signed: it was swapped`);
  }
  for (const name of files.keys()) {
    if (name.startsWith("screenshots/") && !expected.has(name)) problem("extra_file", null, null, `${name} belongs to no live segment of the week`);
    else if (!name.startsWith("screenshots/") && name !== FILES.manifest && !listed.has(name)) problem("extra_file", null, null, `${name} is not part of a proof bundle`);
  }

  const summary: SealSummary | null = seal
    ? { seq: seal.seal.seq, head: seal.seal.head, keyId: seal.seal.keyId, sealedAt: seal.seal.sealedAt, invoice: seal.seal.invoice }
    : null;
  problems.sort((a, b) => (a.slot ?? "~").localeCompare(b.slot ?? "~") || (a.seq ?? 0) - (b.seq ?? 0));
  return {
    status: problems.length ? "problems" : seal ? "holds" : "not_sealed",
    contract,
    week,
    seal: summary,
    checked,
    problems,
    notes,
  };
}

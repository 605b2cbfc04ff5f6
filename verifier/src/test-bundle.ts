// Real proof bundles for the verifier's tests and benchmark, made with the same code the portal and
// the tracker sign and chain with (WebCrypto Ed25519, records.ts, seal.ts): nothing is mocked.
import { base64url, sha256Hex, utf8 } from "./encoding";
import { GENESIS_HASH, recordHash, recordText, type ProofRecord, type ProofRecordDataOf, type ProofRecordKind } from "./records";
import { sealMessage, type Seal, type SignedSeal } from "./seal";
import { keyIdOf, segmentMessage, signEd25519, type SignedSegment } from "./signatures";
import { BUNDLE_VERSION, FILES, screenshotFile, type BundleKeys, type Manifest, type TableSegment } from "./bundle-format";
import { writeZip } from "./zip";

export interface TestSigner {
  keyId: string;
  publicKey: string;
  privateKey: CryptoKey;
}

export async function makeSigner(): Promise<TestSigner> {
  const pair = (await globalThis.crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const raw = new Uint8Array(await globalThis.crypto.subtle.exportKey("raw", pair.publicKey));
  return { keyId: await keyIdOf(raw), publicKey: base64url(raw), privateKey: pair.privateKey };
}

export interface TestBundle {
  contract: string;
  week: string;
  portal: TestSigner;
  device: TestSigner & { device: string };
  /** every record text of the contract, seq 1 first */
  chain: string[];
  anchor: SignedSeal | null;
  seal: SignedSeal | null;
  table: TableSegment[];
  screenshots: Map<string, Uint8Array>;
  keys: BundleKeys;
}

export interface TestBundleOptions {
  segments?: number;
  manual?: number;
  /** the screenshot of the i-th tracked segment */
  screenshot?: (i: number) => Uint8Array;
  sealed?: boolean;
  /** a sealed previous week before this one, so records.jsonl starts after an anchor */
  anchored?: boolean;
  /** the week's slot (0..1007) of the first segment; 54 (Monday 09:00) unless told */
  firstSlot?: number;
}

const WEEK = "2024-06-03";
const SLOT_MS = 600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function fakeScreenshot(i: number): Uint8Array {
  const bytes = new Uint8Array(2_000);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  for (let j = 4; j < bytes.length; j++) bytes[j] = (i * 31 + j * 7) & 0xff;
  return bytes;
}

/** Appends a record, chained to the one before. */
export async function appendRecord<K extends ProofRecordKind>(b: TestBundle, kind: K, slot: string | null, data: ProofRecordDataOf[K], at?: string): Promise<ProofRecord> {
  const last = b.chain.at(-1);
  const record = {
    v: 1, contract: b.contract, seq: b.chain.length + 1,
    prev: last ? await recordHash(last) : GENESIS_HASH,
    at: at ?? (slot ? iso(Date.parse(slot) + SLOT_MS + 5_000) : iso(Date.parse(`${b.week}T00:00:00.000Z`) + 7 * 86_400_000)),
    kind, slot, data,
  } as ProofRecord;
  b.chain.push(recordText(record));
  return record;
}

/** Adds a tracked (device-signed) or manual (portal-signed) segment: its record, its table row and its screenshot. */
export async function addSegment(b: TestBundle, slotMs: number, i: number, opts: { manual?: boolean; screenshot?: Uint8Array } = {}): Promise<string> {
  const manual = opts.manual ?? false;
  const slot = iso(slotMs);
  const shot = manual ? null : (opts.screenshot ?? fakeScreenshot(i));
  const segment: SignedSegment = {
    contract: b.contract, slot,
    screenshotSha256: shot ? await sha256Hex(shot) : null,
    keyboard: manual ? [] : Array.from({ length: 10 }, (_, m) => (i + m * 13) % 90),
    mouse: manual ? [] : Array.from({ length: 10 }, (_, m) => (i * 3 + m) % 70),
    memo: manual ? "Manual: call with the client" : `Working on task ${i % 7}`,
    takenAt: shot ? iso(slotMs + 123_000) : null,
    device: manual ? "portal" : b.device.device,
    manual,
  };
  const signer = manual ? b.portal : b.device;
  const segmentId = `00000000-0000-4000-8000-${String(b.chain.length + 1).padStart(12, "0")}`;
  const signature = { keyId: signer.keyId, sig: await signEd25519(signer.privateKey, segmentMessage(segment)) };
  await appendRecord(b, manual ? "manual_time_added" : "segment_added", slot, { segmentId, segment, signature });
  b.table.push({ segmentId, slot, keyboard: segment.keyboard, mouse: segment.mouse, memo: segment.memo, screenshotSha256: segment.screenshotSha256, deleted: false });
  if (shot) b.screenshots.set(segmentId, shot);
  return segmentId;
}

/** Seals `week` at the chain's head as it is now. */
export async function sealHead(b: TestBundle, week: string): Promise<SignedSeal> {
  const last = b.chain.at(-1);
  const seal: Seal = {
    v: 1, contract: b.contract, week, invoice: `INV-${week}`,
    seq: b.chain.length, head: last ? await recordHash(last) : GENESIS_HASH,
    sealedAt: iso(Date.parse(`${week}T12:00:00.000Z`) + 7 * 86_400_000), keyId: b.portal.keyId,
  };
  return { seal, signature: await signEd25519(b.portal.privateKey, sealMessage(seal)) };
}

export async function buildTestBundle(opts: TestBundleOptions = {}): Promise<TestBundle> {
  const portal = await makeSigner();
  const device = { ...(await makeSigner()), device: "5b0c2d1e-0000-4000-8000-00000000d001" };
  const b: TestBundle = {
    contract: "c0ffee00-0000-4000-8000-000000000001", week: WEEK, portal, device, chain: [], anchor: null, seal: null, table: [], screenshots: new Map(),
    keys: {
      portal: [{ keyId: portal.keyId, alg: "Ed25519", publicKey: portal.publicKey, from: "2024-01-01T00:00:00.000Z", until: null }],
      devices: [{ keyId: device.keyId, publicKey: device.publicKey, device: device.device, name: "Fiona's laptop", revokedAt: null }],
    },
  };
  const start = Date.parse(`${WEEK}T00:00:00.000Z`);
  if (opts.anchored) {
    const previous = start - 7 * 86_400_000;
    for (let i = 0; i < 2; i++) await addSegment(b, previous + (60 + i) * SLOT_MS, 1000 + i);
    b.anchor = await sealHead(b, iso(previous).slice(0, 10));
    b.table = [];
    b.screenshots.clear();
  }
  const tracked = opts.segments ?? 6;
  const first = opts.firstSlot ?? 54;
  for (let i = 0; i < tracked; i++) await addSegment(b, start + (first + i) * SLOT_MS, i, { screenshot: opts.screenshot?.(i) });
  for (let i = 0; i < (opts.manual ?? 0); i++) await addSegment(b, start + (first + tracked + i) * SLOT_MS, tracked + i, { manual: true });
  if (opts.sealed ?? true) b.seal = await sealHead(b, WEEK);
  return b;
}

const json = (value: unknown) => utf8(JSON.stringify(value, null, 2));

/** The bundle's files as the portal would write them, with a manifest of their hashes. */
export async function bundleFiles(b: TestBundle, records: string[] = b.chain.slice(b.anchor?.seal.seq ?? 0)): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>([
    [FILES.records, utf8(records.map((t) => `${t}\n`).join(""))],
    [FILES.anchor, json(b.anchor)],
    [FILES.seal, json(b.seal)],
    [FILES.segments, json(b.table)],
    [FILES.keys, json(b.keys)],
  ]);
  for (const [id, bytes] of b.screenshots) files.set(screenshotFile(id), bytes);
  const manifest: Manifest = {
    v: BUNDLE_VERSION, contract: b.contract, week: b.week, createdAt: "2024-06-20T00:00:00.000Z", origin: "https://portal.example",
    files: await Promise.all([...files].map(async ([name, bytes]) => ({ name, sha256: await sha256Hex(bytes) }))),
  };
  files.set(FILES.manifest, json(manifest));
  return files;
}

export async function bundleZip(b: TestBundle, records?: string[]): Promise<Uint8Array> {
  const files = await bundleFiles(b, records);
  return writeZip([...files].map(([name, bytes]) => ({ name, bytes, deflate: !name.startsWith("screenshots/") })));
}

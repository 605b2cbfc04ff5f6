// Zip reading and writing for proof bundles (R15.4), isomorphic: Node 20 and browsers alike.
// The reader is written for input nobody vouches for: it trusts the central directory only as
// far as it can check it, refuses before inflating anything that could expand past the limits
// (a zip bomb is refused, never inflated), stops an entry's inflation as soon as it passes its
// declared size, checks each entry's CRC-32, and answers truncated or non-zip input with a
// ZipError naming what is wrong.

export class ZipError extends Error {
  override name = "ZipError";
}

export interface ZipLimits {
  /** Most entries a zip may hold. */
  maxEntries: number;
  /** Most bytes all entries may inflate to together. */
  maxTotalBytes: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Highest uncompressed/compressed ratio of a deflated entry. */
  maxRatio: number;
}

// Choice: a full week holds at most 1,008 slots, so one screenshot each plus a few JSON files;
// 4,096 entries and 1 GiB leave room for large screenshots while keeping a bomb far below what
// a browser tab or the CLI can hold. Ratio 200: JSON records deflate ~10-30x, JPEGs ~1x, a bomb
// 1000x and more (zlib's ceiling is ~1032x).
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 4096,
  maxTotalBytes: 1 << 30,
  maxEntryBytes: 256 << 20,
  maxRatio: 200,
};

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const STORE = 0;
/** Entries smaller than this may deflate as well as they like: small and repetitive is no bomb. */
const RATIO_FLOOR = 1 << 20;
const DEFLATE = 8;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function findEndOfCentralDirectory(bytes: Uint8Array, dv: DataView): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= lowest; i--) {
    if (dv.getUint32(i, true) === END_OF_CENTRAL_DIRECTORY) return i;
  }
  return -1;
}

function looksLikeZip(bytes: Uint8Array, dv: DataView): boolean {
  return bytes.length >= 4 && dv.getUint32(0, true) === LOCAL_HEADER;
}

function readCentralDirectory(bytes: Uint8Array, limits: ZipLimits): CentralEntry[] {
  const dv = view(bytes);
  const eocd = bytes.length >= 22 ? findEndOfCentralDirectory(bytes, dv) : -1;
  if (eocd < 0) {
    throw new ZipError(looksLikeZip(bytes, dv) ? "the zip file is truncated: its central directory is missing" : "this is not a zip file");
  }
  if (eocd >= 20 && dv.getUint32(eocd - 20, true) === ZIP64_END_LOCATOR) throw new ZipError("zip64 archives are not supported (a proof bundle never needs one)");
  const count = dv.getUint16(eocd + 10, true);
  const cdSize = dv.getUint32(eocd + 12, true);
  const cdOffset = dv.getUint32(eocd + 16, true);
  if (dv.getUint16(eocd + 4, true) !== 0 || dv.getUint16(eocd + 8, true) !== count) throw new ZipError("multi-part zip archives are not supported");
  if (count > limits.maxEntries) throw new ZipError(`the zip holds ${count} entries, more than the ${limits.maxEntries} allowed`);
  if (cdOffset + cdSize > eocd) throw new ZipError("the zip file is truncated: its central directory points past the data");

  const entries: CentralEntry[] = [];
  const names = new Set<string>();
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let p = cdOffset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || dv.getUint32(p, true) !== CENTRAL_HEADER) throw new ZipError("the zip's central directory is damaged");
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const crc = dv.getUint32(p + 16, true);
    const compressedSize = dv.getUint32(p + 20, true);
    const size = dv.getUint32(p + 24, true);
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    const localOffset = dv.getUint32(p + 42, true);
    if (p + 46 + nameLength > eocd) throw new ZipError("the zip's central directory is damaged");
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    p += 46 + nameLength + extraLength + commentLength;

    if (name.endsWith("/")) continue; // a folder entry holds nothing
    if (flags & 1) throw new ZipError(`${name} is encrypted`);
    if (method !== STORE && method !== DEFLATE) throw new ZipError(`${name} uses compression method ${method} (only stored and deflated entries are read)`);
    if (name.startsWith("/") || name.split("/").includes("..") || name.includes("\\")) throw new ZipError(`the zip holds an entry with an unsafe name: ${name}`);
    if (names.has(name)) throw new ZipError(`the zip holds ${name} twice`);
    names.add(name);
    // A zip bomb is refused here, from the sizes it declares, before a byte is inflated; the
    // inflation below then holds each entry to its declared size.
    if (size > limits.maxEntryBytes) throw new ZipError(`${name} would inflate to ${size} bytes, more than the ${limits.maxEntryBytes} allowed: refused as a possible zip bomb`);
    if (method === DEFLATE && size > RATIO_FLOOR && size / Math.max(1, compressedSize) > limits.maxRatio) {
      throw new ZipError(`${name} would inflate ${Math.round(size / Math.max(1, compressedSize))} times, more than ${limits.maxRatio}: refused as a zip bomb`);
    }
    if (method === STORE && size !== compressedSize) throw new ZipError(`${name} is stored but its sizes disagree`);
    total += size;
    if (total > limits.maxTotalBytes) throw new ZipError(`the zip would inflate to more than ${limits.maxTotalBytes} bytes: refused as a possible zip bomb`);
    entries.push({ name, method, flags, crc, compressedSize, size, localOffset });
  }
  return entries;
}

async function inflateRaw(compressed: Uint8Array, expected: number, name: string): Promise<Uint8Array> {
  const stream = new Blob([compressed as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  const reader = stream.getReader();
  const out = new Uint8Array(expected);
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.length > expected) {
        await reader.cancel();
        throw new ZipError(`${name} inflates past the size it declares: refused as a zip bomb`);
      }
      out.set(value, length);
      length += value.length;
    }
  } catch (error) {
    if (error instanceof ZipError) throw error;
    throw new ZipError(`${name} is not valid deflate data (damaged or truncated)`);
  }
  if (length !== expected) throw new ZipError(`${name} inflates to ${length} bytes, not the ${expected} it declares`);
  return out;
}

/** Reads every file of a zip into memory, within `limits`; throws ZipError for anything unreadable. */
export async function readZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<Map<string, Uint8Array>> {
  const entries = readCentralDirectory(bytes, limits);
  const dv = view(bytes);
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    const p = entry.localOffset;
    if (p + 30 > bytes.length || dv.getUint32(p, true) !== LOCAL_HEADER) throw new ZipError(`the zip is damaged: ${entry.name} is not where its directory says`);
    const start = p + 30 + dv.getUint16(p + 26, true) + dv.getUint16(p + 28, true);
    const end = start + entry.compressedSize;
    if (end > bytes.length) throw new ZipError(`the zip file is truncated inside ${entry.name}`);
    const raw = bytes.subarray(start, end);
    const data = entry.method === STORE ? raw : await inflateRaw(raw, entry.size, entry.name);
    if (crc32(data) !== entry.crc) throw new ZipError(`${entry.name} is damaged: its CRC-32 does not match`);
    files.set(entry.name, data);
  }
  return files;
}

export interface ZipInput {
  name: string;
  bytes: Uint8Array;
  /** Deflate the entry (JSON); JPEGs are stored as they are. */
  deflate?: boolean;
}

async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** MS-DOS date and time of `date` (UTC), as zip headers hold them. */
function dosDateTime(date: Date): { time: number; day: number } {
  const year = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    day: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/**
 * Writes a zip as it goes: each entry's bytes are yielded as soon as it is read, so a bundle of a
 * week's screenshots streams without holding them all. Names are UTF-8 (flag bit 11).
 */
export async function* zipStream(inputs: AsyncIterable<ZipInput> | Iterable<ZipInput>, modified: Date = new Date(0)): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const { time, day } = dosDateTime(modified);
  const central: Uint8Array[] = [];
  let offset = 0;
  let count = 0;
  for await (const input of inputs) {
    const name = encoder.encode(input.name);
    const crc = crc32(input.bytes);
    const data = input.deflate ? await deflateRaw(input.bytes) : input.bytes;
    const method = input.deflate ? DEFLATE : STORE;
    if (offset + data.length > 0xffffffff || count >= 0xffff) throw new ZipError("the bundle is too large for a zip without zip64");
    const local = new Uint8Array(30 + name.length);
    const l = view(local);
    l.setUint32(0, LOCAL_HEADER, true);
    l.setUint16(4, 20, true);
    l.setUint16(6, 0x0800, true);
    l.setUint16(8, method, true);
    l.setUint16(10, time, true);
    l.setUint16(12, day, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, data.length, true);
    l.setUint32(22, input.bytes.length, true);
    l.setUint16(26, name.length, true);
    local.set(name, 30);

    const entry = new Uint8Array(46 + name.length);
    const c = view(entry);
    c.setUint32(0, CENTRAL_HEADER, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, 0x0800, true);
    c.setUint16(10, method, true);
    c.setUint16(12, time, true);
    c.setUint16(14, day, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, data.length, true);
    c.setUint32(24, input.bytes.length, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    entry.set(name, 46);
    central.push(entry);

    yield local;
    yield data;
    offset += local.length + data.length;
    count++;
  }
  let size = 0;
  for (const entry of central) {
    yield entry;
    size += entry.length;
  }
  const end = new Uint8Array(22);
  const e = view(end);
  e.setUint32(0, END_OF_CENTRAL_DIRECTORY, true);
  e.setUint16(8, count, true);
  e.setUint16(10, count, true);
  e.setUint32(12, size, true);
  e.setUint32(16, offset, true);
  yield end;
}

/** The whole zip in one array (tests, the benchmark and small bundles). */
export async function writeZip(inputs: Iterable<ZipInput> | AsyncIterable<ZipInput>, modified?: Date): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of zipStream(inputs, modified)) {
    chunks.push(chunk);
    length += chunk.length;
  }
  const out = new Uint8Array(length);
  let p = 0;
  for (const chunk of chunks) {
    out.set(chunk, p);
    p += chunk.length;
  }
  return out;
}

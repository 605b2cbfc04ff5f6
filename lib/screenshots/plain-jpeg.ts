// Is an uploaded JPEG already what a re-encode would store: only structural segments (tables, a plain
// frame of 1 or 3 components, scans, at most a JFIF header), no metadata, nothing after EOI?
// The tracker's own JPEGs are; whether the pixels decode is left to the thumbnail decode.

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const DQT = 0xdb;
const DHT = 0xc4;
const DRI = 0xdd;
const APP0 = 0xe0;
/** Baseline, extended sequential and progressive Huffman frames: what every browser decodes. */
const PLAIN_FRAMES = new Set([0xc0, 0xc1, 0xc2]);
const JFIF = Buffer.from("JFIF\0", "latin1");

/**
 * Choice: at most one byte per pixel (plus room for the tables); a q80 re-encode of a screen is
 * about a tenth of that, so only an oversized upload (say, q100 at 4:4:4) is re-encoded to shrink it.
 */
const MAX_BYTES_PER_PIXEL = 1;
const TABLES_ALLOWANCE = 16 * 1024;

export function isPlainJpeg(bytes: Uint8Array, size: { width: number; height: number }): boolean {
  if (bytes.length > size.width * size.height * MAX_BYTES_PER_PIXEL + TABLES_ALLOWANCE) return false;
  if (bytes[0] !== 0xff || bytes[1] !== SOI) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 2;
  let frame = false;
  while (o + 4 <= bytes.length) {
    if (bytes[o] !== 0xff) return false;
    const marker = bytes[o + 1] as number;
    const length = view.getUint16(o + 2);
    if (length < 2 || o + 2 + length > bytes.length) return false;
    if (marker === APP0) {
      // a JFIF header only at the very start (JFXX thumbnails and other APP0s are metadata)
      if (o !== 2 || length !== 16 || !JFIF.every((b, i) => bytes[o + 4 + i] === b) || bytes[o + 16] !== 0 || bytes[o + 17] !== 0) return false;
    } else if (PLAIN_FRAMES.has(marker)) {
      const components = bytes[o + 9];
      if (frame || bytes[o + 4] !== 8 || (components !== 1 && components !== 3)) return false;
      frame = true;
    } else if (marker === SOS) {
      if (!frame) return false;
      o = afterScan(bytes, o + 2 + length);
      if (o < 0) return false;
      if (bytes[o + 1] === EOI) return o + 2 === bytes.length; // nothing may follow the image
      continue;
    } else if (marker !== DQT && marker !== DHT && marker !== DRI) {
      return false; // APP1-15 (EXIF, XMP, ICC, Adobe...), COM, other frame types, DNL...
    }
    o += 2 + length;
  }
  return false;
}

/** Offset of the marker that ends the entropy-coded data starting at `o`, or -1. */
function afterScan(bytes: Uint8Array, o: number): number {
  for (;;) {
    const ff = bytes.indexOf(0xff, o);
    if (ff < 0 || ff + 1 >= bytes.length) return -1;
    const next = bytes[ff + 1] as number;
    // 0xFF00 is a stuffed data byte, 0xFFD0-D7 restart markers; both belong to the scan
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) o = ff + 2;
    else if (next === 0xff) o = ff + 1; // fill byte before a marker
    else return ff;
  }
}

// Screenshot uploads are judged by their content, never by a declared type or
// file name: magic bytes first, then a header decode, then the size limits.
import { ApiError } from "@/lib/errors";
import { LIMITS } from "../config/limits";

export type ScreenshotFormat = "jpeg" | "png";

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image format by magic bytes, or null when it is neither JPEG nor PNG. */
export function sniffScreenshotFormat(bytes: Uint8Array): ScreenshotFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= PNG_MAGIC.length && PNG_MAGIC.every((b, i) => bytes[i] === b)) return "png";
  return null;
}

export interface ScreenshotCheck {
  format: ScreenshotFormat;
  width: number;
  height: number;
}

/** JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic): they carry the size. */
const JPEG_SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * Width and height from the image header alone (PNG IHDR, JPEG SOFn), or null when the header is
 * not there. Reading them without a decoder lets a pixel bomb be refused before any decoding, and
 * keeps the cheap checks cheap.
 */
export function screenshotDimensions(bytes: Uint8Array, format: ScreenshotFormat): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === "png") {
    if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR") return null;
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  let o = 2;
  while (o + 4 <= bytes.length) {
    if (bytes[o] !== 0xff) return null;
    const marker = bytes[o + 1] as number;
    if (marker === 0xff) {
      o++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      o += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame header
    const length = view.getUint16(o + 2);
    if (JPEG_SOF.has(marker)) {
      if (o + 9 > bytes.length) return null;
      return { height: view.getUint16(o + 5), width: view.getUint16(o + 7) };
    }
    o += 2 + length;
  }
  return null;
}

/**
 * Throws 413 (over 10 MB or 40 megapixels), 415 (not JPEG or PNG by content) or 422 (a JPEG or PNG
 * without a readable size). Decoding the pixels happens in processScreenshot, whose failure is also
 * a 422 (see ingest).
 * Choice: too many pixels is 413 "too large", like too many bytes: both are limits on size.
 */
export function checkScreenshot(bytes: Buffer): ScreenshotCheck {
  if (bytes.length > LIMITS.screenshotMaxBytes) {
    throw new ApiError("payload_too_large", `The screenshot is larger than ${LIMITS.screenshotMaxBytes / 1024 / 1024} MB.`, {
      fields: { screenshot: "Too large." },
    });
  }
  const format = sniffScreenshotFormat(bytes);
  if (!format) {
    throw new ApiError("unsupported_media_type", "The screenshot must be a JPEG or PNG image.", { fields: { screenshot: "Not a JPEG or PNG image." } });
  }
  const size = screenshotDimensions(bytes, format);
  if (!size || !size.width || !size.height) {
    throw new ApiError("validation_failed", "The screenshot could not be decoded.", { fields: { screenshot: `Not a valid ${format.toUpperCase()} image.` } });
  }
  if (size.width * size.height > LIMITS.screenshotMaxPixels) {
    throw new ApiError("payload_too_large", `The screenshot has more than ${LIMITS.screenshotMaxPixels / 1_000_000} megapixels.`, {
      fields: { screenshot: `${size.width}x${size.height} is more than ${LIMITS.screenshotMaxPixels / 1_000_000} megapixels.` },
    });
  }
  return { format, ...size };
}

// Screenshot uploads are judged by their content, never by a declared type or
// file name: magic bytes first, then a header decode, then the size limits.
import sharp from "sharp";
import { ApiError } from "../api/errors";
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

/**
 * Throws 413 (over 10 MB or 40 megapixels), 415 (not JPEG or PNG by content) or 422 (a JPEG or PNG
 * header that does not decode). Decoding the pixels happens in processScreenshot, whose failure is
 * also a 422 (see ingest).
 * Choice: too many pixels is 413 "too large", like too many bytes: both are limits on size.
 */
export async function checkScreenshot(bytes: Buffer): Promise<ScreenshotCheck> {
  if (bytes.length > LIMITS.screenshotMaxBytes) {
    throw new ApiError("payload_too_large", `The screenshot is larger than ${LIMITS.screenshotMaxBytes / 1024 / 1024} MB.`, {
      fields: { screenshot: "Too large." },
    });
  }
  const format = sniffScreenshotFormat(bytes);
  if (!format) {
    throw new ApiError("unsupported_media_type", "The screenshot must be a JPEG or PNG image.", { fields: { screenshot: "Not a JPEG or PNG image." } });
  }
  let width: number | undefined;
  let height: number | undefined;
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (meta.format === format) ({ width, height } = meta);
  } catch {
    // handled below: not decodable
  }
  if (!width || !height) {
    throw new ApiError("validation_failed", "The screenshot could not be decoded.", { fields: { screenshot: `Not a valid ${format.toUpperCase()} image.` } });
  }
  if (width * height > LIMITS.screenshotMaxPixels) {
    throw new ApiError("payload_too_large", `The screenshot has more than ${LIMITS.screenshotMaxPixels / 1_000_000} megapixels.`, {
      fields: { screenshot: `${width}x${height} is more than ${LIMITS.screenshotMaxPixels / 1_000_000} megapixels.` },
    });
  }
  return { format, width, height };
}

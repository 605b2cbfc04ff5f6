// Screenshot bytes as the portal keeps them: a JPEG without metadata (EXIF
// included) at full size, plus a WebP thumbnail.
import sharp, { type Sharp } from "sharp";
import { LIMITS } from "../config/limits";
import { isPlainJpeg } from "./plain-jpeg";
import type { ScreenshotCheck } from "./validate";

export const THUMB_WIDTH = 320;

// Choice: one libvips thread per image and no operation cache. The web process works on many
// uploads side by side (the libuv pool runs four), so more threads per image only contend for the
// cores; and no upload is ever seen twice, so a cache would only hold memory.
sharp.concurrency(1);
sharp.cache(false);

export interface ProcessedScreenshot {
  full: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
}

const open = (input: Buffer) => sharp(input, { failOn: "error", limitInputPixels: LIMITS.screenshotMaxPixels });
/** `orient`: apply the EXIF orientation; pointless (one more libvips operation) for an image without EXIF. */
const thumbnail = (image: Sharp, orient = true) =>
  (orient ? image.rotate() : image).resize({ width: THUMB_WIDTH, withoutEnlargement: true }).webp({ quality: 60 }).toBuffer();

/** Re-encoded at full size (which drops all metadata, EXIF included) plus the thumbnail: any JPEG or PNG. */
export async function processScreenshot(input: Buffer): Promise<ProcessedScreenshot> {
  const image = open(input);
  // Two pipelines from one input, run side by side (JPEG shrink-on-load makes the thumbnail's decode cheap).
  const [{ data: full, info }, thumb] = await Promise.all([
    image.clone().rotate().jpeg({ quality: 80, mozjpeg: false }).toBuffer({ resolveWithObject: true }),
    thumbnail(image.clone()),
  ]);
  return { full, thumb, width: info.width, height: info.height };
}

/**
 * What ingest stores for a checked upload: a plain JPEG (./plain-jpeg.ts) is kept byte for byte and only
 * thumbnailed (whose full decode still refuses a damaged one); anything else is re-encoded.
 * Choice: re-encoding a plain JPEG changes nothing a viewer relies on and is half an upload's image CPU.
 */
export async function prepareScreenshot(input: Buffer, check: ScreenshotCheck): Promise<ProcessedScreenshot & { reencoded: boolean }> {
  if (check.format !== "jpeg" || !isPlainJpeg(input, check)) return { ...(await processScreenshot(input)), reencoded: true };
  const thumb = await thumbnail(open(input), false); // a plain JPEG carries no EXIF, so no orientation
  return { full: input, thumb, width: check.width, height: check.height, reencoded: false };
}

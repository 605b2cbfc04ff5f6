// Screenshot bytes as the portal keeps them: re-encoded (which drops all
// metadata, EXIF included) at full size, plus a WebP thumbnail.
import sharp from "sharp";
import { LIMITS } from "../config/limits";

export const THUMB_WIDTH = 320;

export interface ProcessedScreenshot {
  full: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
}

export async function processScreenshot(input: Buffer): Promise<ProcessedScreenshot> {
  const image = sharp(input, { failOn: "error", limitInputPixels: LIMITS.screenshotMaxPixels });
  // Two pipelines from one input, run side by side (JPEG shrink-on-load makes the thumbnail's decode cheap).
  const [{ data: full, info }, thumb] = await Promise.all([
    image.clone().rotate().jpeg({ quality: 80, mozjpeg: false }).toBuffer({ resolveWithObject: true }),
    image.clone().rotate().resize({ width: THUMB_WIDTH, withoutEnlargement: true }).webp({ quality: 60 }).toBuffer(),
  ]);
  return { full, thumb, width: info.width, height: info.height };
}

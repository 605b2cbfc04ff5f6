// X pixels into a packed RGB picture, fast for the layout nearly every X server
// uses today (32 bits a pixel, least significant byte first, 8 bits a channel:
// B, G, R, unused), written in place so a capture makes no buffer per band.
import { zpixmapToRgb } from "./image";
import { blitRgb, type Size } from "./grid";
import type { SetupInfo, Visual } from "./connection";

/** Writes ZPixmap `data` (size.width x size.height) into packed RGB `target` (targetWidth wide) at `at`; other layouts go through zpixmapToRgb. */
export function pixelsIntoRgb(
  data: Buffer,
  size: Size,
  depth: number,
  visual: Visual,
  setup: Pick<SetupInfo, "formats" | "imageByteOrder">,
  target: Buffer,
  targetWidth: number,
  at: { x: number; y: number },
): void {
  const { width, height } = size;
  const format = setup.formats.get(depth);
  const common = format?.bitsPerPixel === 32 && setup.imageByteOrder === "LSB" && visual.redMask === 0xff0000 && visual.greenMask === 0xff00 && visual.blueMask === 0xff;
  if (!common || data.length < width * height * 4) {
    blitRgb(target, targetWidth, zpixmapToRgb(data, width, height, depth, visual, setup), size, at);
    return;
  }
  for (let y = 0; y < height; y++) {
    let o = ((at.y + y) * targetWidth + at.x) * 3;
    for (let i = y * width * 4, end = i + width * 4; i < end; i += 4, o += 3) {
      target[o] = data[i + 2] as number;
      target[o + 1] = data[i + 1] as number;
      target[o + 2] = data[i] as number;
    }
  }
}

// X pixels to packed RGB, fast for the layout nearly every X server uses today
// (32 bits a pixel, least significant byte first, 8 bits a channel: B, G, R, unused).
import { zpixmapToRgb } from "./image";
import type { SetupInfo, Visual } from "./connection";

/** zpixmapToRgb with a direct path for the common layout; any other layout goes the general way. */
export function pixelsToRgb(data: Buffer, width: number, height: number, depth: number, visual: Visual, setup: Pick<SetupInfo, "formats" | "imageByteOrder">): Buffer {
  const format = setup.formats.get(depth);
  const common = format?.bitsPerPixel === 32 && setup.imageByteOrder === "LSB" && visual.redMask === 0xff0000 && visual.greenMask === 0xff00 && visual.blueMask === 0xff;
  if (!common || data.length < width * height * 4) return zpixmapToRgb(data, width, height, depth, visual, setup);
  const rgb = Buffer.allocUnsafe(width * height * 3);
  for (let i = 0, o = 0, n = width * height * 4; i < n; i += 4, o += 3) {
    rgb[o] = data[i + 2] as number;
    rgb[o + 1] = data[i + 1] as number;
    rgb[o + 2] = data[i] as number;
  }
  return rgb;
}

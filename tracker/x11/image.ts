// X11 ZPixmap rows to JPEG. The pixel layout comes from the server: bits per
// pixel and scanline pad of the depth, byte order, and the visual's colour masks.
// The encoder is pure JavaScript (jpeg-encoder.ts): the tracker ships as one executable with no native modules.
import type { SetupInfo, Visual } from "./connection";
import { JpegEncoder } from "./jpeg-encoder";

function maskShift(mask: number): { shift: number; bits: number } {
  let shift = 0;
  while (shift < 32 && ((mask >>> shift) & 1) === 0) shift++;
  let bits = 0;
  while (shift + bits < 32 && ((mask >>> (shift + bits)) & 1) === 1) bits++;
  return { shift, bits };
}

/** Packed RGB (3 bytes per pixel) from ZPixmap data. */
export function zpixmapToRgb(data: Buffer, width: number, height: number, depth: number, visual: Visual, setup: Pick<SetupInfo, "formats" | "imageByteOrder">): Buffer {
  const format = setup.formats.get(depth);
  if (!format) throw new Error(`The X server gave no pixmap format for depth ${depth}.`);
  const { bitsPerPixel, scanlinePad } = format;
  if (bitsPerPixel !== 16 && bitsPerPixel !== 24 && bitsPerPixel !== 32) throw new Error(`Unsupported X pixel size: ${bitsPerPixel} bits.`);
  const bytesPerPixel = bitsPerPixel / 8;
  const stride = Math.ceil((width * bitsPerPixel) / scanlinePad) * (scanlinePad / 8);
  if (data.length < stride * height) throw new Error("The X server sent fewer pixels than asked for.");
  const channels = [visual.redMask, visual.greenMask, visual.blueMask].map(maskShift);
  const lsb = setup.imageByteOrder === "LSB";
  const rgb = Buffer.alloc(width * height * 3);
  let out = 0;
  for (let y = 0; y < height; y++) {
    let o = y * stride;
    for (let x = 0; x < width; x++, o += bytesPerPixel) {
      let pixel = 0;
      for (let b = 0; b < bytesPerPixel; b++) {
        const byte = data[o + (lsb ? b : bytesPerPixel - 1 - b)] as number;
        pixel |= byte << (8 * b);
      }
      pixel >>>= 0;
      for (const { shift, bits } of channels) {
        const value = (pixel >>> shift) & ((1 << bits) - 1);
        rgb[out++] = bits === 8 ? value : Math.round((value * 255) / ((1 << bits) - 1));
      }
    }
  }
  return rgb;
}

/** Baseline JPEG of packed RGB. Async so a worker or a faster encoder can take over without changing callers. */
export async function rgbToJpeg(rgb: Buffer, width: number, height: number, quality = 80): Promise<Buffer> {
  if (rgb.length < width * height * 3) throw new Error("Fewer RGB bytes than the picture's size needs.");
  const encoder = new JpegEncoder(width, height, quality);
  encoder.writeRows(rgb, height);
  return encoder.finish();
}

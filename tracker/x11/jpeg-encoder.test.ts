// The streaming encoder against an independent decoder (libjpeg via sharp): odd sizes (partial MCUs
// at the right and bottom), rows fed in uneven bands, and a 4K frame. That the portal stores its
// output as uploaded (isPlainJpeg) is lib/screenshots/tracker-jpeg.test.ts.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { JpegEncoder } from "./jpeg-encoder";

const COLOURS = [
  [0xdd, 0x22, 0x22],
  [0x22, 0x44, 0xee],
  [0x10, 0xb9, 0x81],
  [0xf8, 0xfa, 0xfc],
] as const;

/** A band of `rows` rows from y0 of a picture in four coloured quadrants split at `split`. */
function quadrantRows(width: number, y0: number, rows: number, split: { x: number; y: number }): Buffer {
  const rgb = Buffer.alloc(width * rows * 3);
  for (let r = 0; r < rows; r++) {
    for (let x = 0; x < width; x++) rgb.set(COLOURS[((y0 + r < split.y ? 0 : 2) + (x < split.x ? 0 : 1)) as 0 | 1 | 2 | 3], (r * width + x) * 3);
  }
  return rgb;
}

function encodeInBands(width: number, height: number, bands: number[], split: { x: number; y: number }): Buffer {
  const encoder = new JpegEncoder(width, height);
  let y = 0;
  for (let i = 0; y < height; i++) {
    const rows = Math.min(bands[i % bands.length] as number, height - y);
    encoder.writeRows(quadrantRows(width, y, rows, split), rows);
    y += rows;
  }
  return encoder.finish();
}

async function pixelsOf(jpeg: Buffer) {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  return { info, at: (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)) };
}

const near = (actual: number[], expected: readonly number[]) => actual.every((v, i) => Math.abs(v - (expected[i] as number)) <= 12);

describe("JpegEncoder", () => {
  it("encodes 1921x1081 fed in uneven bands as a plain baseline 4:2:0 JPEG with the right colours, edges included", async () => {
    const [width, height] = [1921, 1081];
    const jpeg = encodeInBands(width, height, [7, 130, 16, 1], { x: 1904, y: 1072 }); // the last, partial MCUs hold colours of their own
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: "jpeg", width, height, chromaSubsampling: "4:2:0", isProgressive: false });
    const image = await pixelsOf(jpeg);
    expect(near(image.at(100, 100), COLOURS[0])).toBe(true);
    expect(near(image.at(width - 1, 100), COLOURS[1])).toBe(true);
    expect(near(image.at(100, height - 1), COLOURS[2])).toBe(true);
    expect(near(image.at(width - 1, height - 1), COLOURS[3])).toBe(true);
    expect(near(image.at(1896, 1064), COLOURS[0])).toBe(true);
  });

  it("encodes a 3840x2160 frame band by band", async () => {
    const [width, height] = [3840, 2160];
    const jpeg = encodeInBands(width, height, [64], { x: 1920, y: 1080 });
    const image = await pixelsOf(jpeg);
    expect(image.info).toMatchObject({ width, height });
    expect(near(image.at(0, 0), COLOURS[0])).toBe(true);
    expect(near(image.at(3839, 0), COLOURS[1])).toBe(true);
    expect(near(image.at(0, 2159), COLOURS[2])).toBe(true);
    expect(near(image.at(3839, 2159), COLOURS[3])).toBe(true);
  });

  it("encodes a 1x1 picture and refuses a picture missing rows or given too many", async () => {
    const one = new JpegEncoder(1, 1);
    one.writeRows(Buffer.from([0x22, 0x44, 0xee]), 1);
    expect(near((await pixelsOf(one.finish())).at(0, 0), COLOURS[1])).toBe(true);
    const short = new JpegEncoder(4, 20);
    short.writeRows(Buffer.alloc(4 * 3 * 10), 10);
    expect(() => short.finish()).toThrow(/10 of its 20 rows/);
    expect(() => new JpegEncoder(4, 4).writeRows(Buffer.alloc(4 * 3 * 5), 5)).toThrow(/More rows/);
  });
});

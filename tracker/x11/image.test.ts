// The pure-JavaScript JPEG path: X pixels to RGB to a JPEG that an independent decoder (libjpeg via sharp) reads back.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { rgbToJpeg, zpixmapToRgb } from "./image";

const near = (actual: number[], expected: number[]) => actual.every((v, i) => Math.abs(v - (expected[i] as number)) <= 12);

async function decode(jpeg: Buffer) {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  return { info, at: (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)) };
}

describe("rgbToJpeg", () => {
  it("makes a baseline JPEG of the picture's size and colours", async () => {
    const width = 96;
    const height = 64;
    const colours = [
      [0xdd, 0x22, 0x22],
      [0x22, 0x44, 0xee],
      [0x10, 0xb9, 0x81],
      [0xf8, 0xfa, 0xfc],
    ];
    const rgb = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) rgb.set(colours[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)] as number[], (y * width + x) * 3);
    }
    const jpeg = await rgbToJpeg(rgb, width, height);
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: "jpeg", width, height });
    const image = await decode(jpeg);
    expect(near(image.at(20, 16), colours[0] as number[])).toBe(true);
    expect(near(image.at(70, 16), colours[1] as number[])).toBe(true);
    expect(near(image.at(20, 48), colours[2] as number[])).toBe(true);
    expect(near(image.at(70, 48), colours[3] as number[])).toBe(true);
  });

  it("refuses fewer bytes than the size needs", async () => {
    await expect(rgbToJpeg(Buffer.alloc(10), 4, 4)).rejects.toThrow(/Fewer RGB bytes/);
  });
});

describe("zpixmapToRgb", () => {
  it("reads 32-bit little-endian pixels with the visual's masks, padded rows", () => {
    const visual = { id: 1, redMask: 0xff0000, greenMask: 0x00ff00, blueMask: 0x0000ff };
    const setup = { imageByteOrder: "LSB" as const, formats: new Map([[24, { bitsPerPixel: 32, scanlinePad: 32 }]]) };
    // two pixels: 0x00112233 and 0x00aabbcc, stored least significant byte first
    const data = Buffer.from([0x33, 0x22, 0x11, 0x00, 0xcc, 0xbb, 0xaa, 0x00]);
    expect([...zpixmapToRgb(data, 2, 1, 24, visual, setup)]).toEqual([0x11, 0x22, 0x33, 0xaa, 0xbb, 0xcc]);
  });

  it("scales 16-bit 5-6-5 channels to 8 bits", () => {
    const visual = { id: 1, redMask: 0xf800, greenMask: 0x07e0, blueMask: 0x001f };
    const setup = { imageByteOrder: "LSB" as const, formats: new Map([[16, { bitsPerPixel: 16, scanlinePad: 32 }]]) };
    // one white pixel then one pure red, a row padded to 4 bytes
    const data = Buffer.from([0xff, 0xff, 0x00, 0xf8]);
    expect([...zpixmapToRgb(data, 2, 1, 16, visual, setup)]).toEqual([255, 255, 255, 255, 0, 0]);
  });
});

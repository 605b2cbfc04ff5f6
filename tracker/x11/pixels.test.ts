import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { zpixmapToRgb } from "./image";
import { blitRgb } from "./grid";
import { pixelsIntoRgb } from "./pixels";

const formats = new Map([
  [24, { bitsPerPixel: 32, scanlinePad: 32 }],
  [16, { bitsPerPixel: 16, scanlinePad: 32 }],
]);
const trueColour = { id: 1, redMask: 0xff0000, greenMask: 0xff00, blueMask: 0xff };

/** What the general conversion gives, placed the same way. */
function expected(data: Buffer, size: { width: number; height: number }, depth: number, visual: typeof trueColour, imageByteOrder: "LSB" | "MSB", targetWidth: number, targetHeight: number, at: { x: number; y: number }): Buffer {
  const target = Buffer.alloc(targetWidth * targetHeight * 3);
  blitRgb(target, targetWidth, zpixmapToRgb(data, size.width, size.height, depth, visual, { formats, imageByteOrder }), size, at);
  return target;
}

describe("pixelsIntoRgb", () => {
  it("gives the general conversion's bytes for the common 32-bit layout, in place", () => {
    const size = { width: 37, height: 11 };
    const data = randomBytes(size.width * size.height * 4);
    const target = Buffer.alloc(50 * 20 * 3);
    pixelsIntoRgb(data, size, 24, trueColour, { formats, imageByteOrder: "LSB" }, target, 50, { x: 5, y: 3 });
    expect(target.equals(expected(data, size, 24, trueColour, "LSB", 50, 20, { x: 5, y: 3 }))).toBe(true);
    expect([...target.subarray((3 * 50 + 5) * 3, (3 * 50 + 5) * 3 + 3)]).toEqual([data[2], data[1], data[0]]);
  });

  it("leaves other layouts to the general conversion (MSB order, 16 bits)", () => {
    const size = { width: 8, height: 4 };
    const data = randomBytes(8 * 4 * 4);
    const target = Buffer.alloc(10 * 6 * 3);
    pixelsIntoRgb(data, size, 24, trueColour, { formats, imageByteOrder: "MSB" }, target, 10, { x: 1, y: 2 });
    expect(target.equals(expected(data, size, 24, trueColour, "MSB", 10, 6, { x: 1, y: 2 }))).toBe(true);
    const rgb565 = { id: 2, redMask: 0xf800, greenMask: 0x07e0, blueMask: 0x001f };
    const small = randomBytes(8 * 4 * 2);
    const target16 = Buffer.alloc(8 * 4 * 3);
    pixelsIntoRgb(small, size, 16, rgb565, { formats, imageByteOrder: "LSB" }, target16, 8, { x: 0, y: 0 });
    expect(target16.equals(expected(small, size, 16, rgb565, "LSB", 8, 4, { x: 0, y: 0 }))).toBe(true);
  });
});

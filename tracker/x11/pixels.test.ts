import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { zpixmapToRgb } from "./image";
import { pixelsToRgb } from "./pixels";

const formats = new Map([
  [24, { bitsPerPixel: 32, scanlinePad: 32 }],
  [16, { bitsPerPixel: 16, scanlinePad: 32 }],
]);
const trueColour = { id: 1, redMask: 0xff0000, greenMask: 0xff00, blueMask: 0xff };

describe("pixelsToRgb", () => {
  it("gives the general conversion's bytes for the common 32-bit layout", () => {
    const data = randomBytes(37 * 11 * 4);
    const rgb = pixelsToRgb(data, 37, 11, 24, trueColour, { formats, imageByteOrder: "LSB" });
    expect(rgb.equals(zpixmapToRgb(data, 37, 11, 24, trueColour, { formats, imageByteOrder: "LSB" }))).toBe(true);
    expect([...rgb.subarray(0, 3)]).toEqual([data[2], data[1], data[0]]);
  });

  it("leaves other layouts to the general conversion (MSB order, 16 bits)", () => {
    const data = randomBytes(8 * 4 * 4);
    expect(pixelsToRgb(data, 8, 4, 24, trueColour, { formats, imageByteOrder: "MSB" }).equals(zpixmapToRgb(data, 8, 4, 24, trueColour, { formats, imageByteOrder: "MSB" }))).toBe(true);
    const rgb565 = { id: 2, redMask: 0xf800, greenMask: 0x07e0, blueMask: 0x001f };
    const small = randomBytes(8 * 4 * 2);
    expect(pixelsToRgb(small, 8, 4, 16, rgb565, { formats, imageByteOrder: "LSB" }).equals(zpixmapToRgb(small, 8, 4, 16, rgb565, { formats, imageByteOrder: "LSB" }))).toBe(true);
  });
});

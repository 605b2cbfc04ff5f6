// --simulate's screen is drawn without native code: what it shows and that the JPEG is real.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { syntheticScreenJpeg, syntheticScreenRgb } from "./synthetic-screen";

const at = new Date("2026-12-06T14:03:00Z");

function pixel(shot: { rgb: Buffer; width: number }, x: number, y: number): number[] {
  const o = (y * shot.width + x) * 3;
  return [...shot.rgb.subarray(o, o + 3)];
}

describe("synthetic screen", () => {
  it("draws the memo in its bitmap font where the memo goes", () => {
    // the memo's letters are 4 design pixels a dot at 1280x800, from (140, 170)
    const h = syntheticScreenRgb({ at, contractTitle: "Parity", memo: "H", seed: 1 });
    const i = syntheticScreenRgb({ at, contractTitle: "Parity", memo: "I", seed: 1 });
    const ink = [0x0f, 0x17, 0x2a];
    const paper = [0xf8, 0xfa, 0xfc];
    // H's left column is ink on every row; I's left column is empty
    expect(pixel(h, 141, 171)).toEqual(ink);
    expect(pixel(h, 141, 195)).toEqual(ink);
    expect(pixel(i, 141, 171)).toEqual(paper);
    // I's middle stem
    expect(pixel(i, 149, 183)).toEqual(ink);
    // lower case is drawn as capitals
    expect(syntheticScreenRgb({ at, contractTitle: "Parity", memo: "h", seed: 1 }).rgb.equals(h.rgb)).toBe(true);
  });

  it("shows the time, and differs by seed", () => {
    const a = syntheticScreenRgb({ at, contractTitle: "Parity", memo: "x", seed: 1 });
    const later = syntheticScreenRgb({ at: new Date(at.getTime() + 60_000), contractTitle: "Parity", memo: "x", seed: 1 });
    const b = syntheticScreenRgb({ at, contractTitle: "Parity", memo: "x", seed: 2 });
    expect(a.rgb.equals(later.rgb)).toBe(false);
    expect(a.rgb.equals(b.rgb)).toBe(false);
  });

  it("is a real JPEG at the size asked for", async () => {
    const jpeg = await syntheticScreenJpeg({ at, contractTitle: "Parity", memo: "damaged scans", seed: 7 }, { width: 640, height: 400 });
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: "jpeg", width: 640, height: 400 });
  });
});

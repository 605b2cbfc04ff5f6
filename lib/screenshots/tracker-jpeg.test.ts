// The desktop tracker's own JPEG encoder writes what the portal stores as uploaded, without a re-encode.
import { describe, expect, it } from "vitest";
import { JpegEncoder } from "../../tracker/x11/jpeg-encoder";
import { isPlainJpeg } from "./plain-jpeg";

describe("the tracker's JPEGs", () => {
  it.each([
    [1921, 1081],
    [3840, 2160],
  ])("are plain baseline JPEGs at %ix%i, fed in bands", (width, height) => {
    const encoder = new JpegEncoder(width, height);
    const band = Buffer.alloc(width * 64 * 3);
    for (let x = 0; x < width; x++) band.set([(x * 7) & 255, 0x44, (x * 3) & 255], x * 3); // a busy first row
    for (let y = 0; y < height; y += 64) encoder.writeRows(band, Math.min(64, height - y));
    const jpeg = encoder.finish();
    expect(isPlainJpeg(jpeg, { width, height })).toBe(true);
  });
});

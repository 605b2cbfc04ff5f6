import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { checkScreenshot, screenshotDimensions, sniffScreenshotFormat } from "./validate";

const make = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: "#123456" } });

describe("screenshot checks by content", () => {
  it("reads the size from JPEG (baseline, progressive, with EXIF) and PNG headers like a decoder does", async () => {
    const cases: Array<[Buffer, "jpeg" | "png"]> = [
      [await make(1280, 800).jpeg().toBuffer(), "jpeg"],
      [await make(333, 77).jpeg({ progressive: true }).toBuffer(), "jpeg"],
      [await make(64, 40).withExif({ IFD0: { Copyright: "x".repeat(5000) } }).jpeg().toBuffer(), "jpeg"],
      [await make(1920, 1080).png().toBuffer(), "png"],
    ];
    for (const [bytes, format] of cases) {
      const meta = await sharp(bytes).metadata();
      expect(sniffScreenshotFormat(bytes)).toBe(format);
      expect(screenshotDimensions(bytes, format)).toEqual({ width: meta.width, height: meta.height });
    }
  });

  it("answers 415 for other formats, 422 for a header without a size, 413 past 40 megapixels", async () => {
    expect(() => checkScreenshot(Buffer.from("GIF89a...."))).toThrow(expect.objectContaining({ status: 415 }));
    expect(() => checkScreenshot(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toThrow(expect.objectContaining({ status: 422 }));
    expect(() => checkScreenshot(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toThrow(expect.objectContaining({ status: 422 }));
    // a PNG header claiming 10000 x 5000 (nothing else needed to refuse it)
    const header = Buffer.from(await make(1, 1).png().toBuffer());
    header.writeUInt32BE(10_000, 16);
    header.writeUInt32BE(5_000, 20);
    expect(() => checkScreenshot(header)).toThrow(expect.objectContaining({ status: 413 }));
    expect(checkScreenshot(await make(8000, 5000).jpeg().toBuffer())).toEqual({ format: "jpeg", width: 8000, height: 5000 });
  });
});

import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { isPlainJpeg } from "./plain-jpeg";
import { prepareScreenshot, processScreenshot } from "./process";
import { syntheticScreenshot } from "./synthetic";
import { checkScreenshot } from "./validate";

const screen = (width = 320, height = 200) => sharp({ create: { width, height, channels: 3, background: "#2a6f97", noise: { type: "gaussian", mean: 120, sigma: 30 } } });
const plain = (b: Buffer) => isPlainJpeg(b, checkScreenshot(b));

/** A marker segment (APPn, COM...) inserted right after SOI. */
function withSegment(jpeg: Buffer, marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, payload, jpeg.subarray(2)]);
}

describe("isPlainJpeg: a JPEG stored as sent", () => {
  it("accepts what the tracker sends (sharp's baseline and progressive JPEGs, grey too, with or without a JFIF header)", async () => {
    const baseline = await screen().jpeg({ quality: 80 }).toBuffer();
    expect(plain(baseline)).toBe(true);
    expect(plain(await screen().jpeg({ progressive: true }).toBuffer())).toBe(true);
    expect(plain(await screen().greyscale().jpeg().toBuffer())).toBe(true);
    const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 72, 0, 72, 0, 0]);
    expect(plain(withSegment(baseline, 0xe0, jfif))).toBe(true);
  });

  it("refuses metadata of any kind: EXIF, ICC, XMP, comments, a JFIF thumbnail", async () => {
    const baseline = await screen().jpeg().toBuffer();
    expect(plain(await screen().withExif({ IFD0: { Copyright: "x" } }).jpeg().toBuffer())).toBe(false);
    expect(plain(await screen().withIccProfile("p3").jpeg().toBuffer())).toBe(false);
    expect(plain(await screen().withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>').jpeg().toBuffer())).toBe(false);
    expect(plain(withSegment(baseline, 0xfe, Buffer.from("a comment")))).toBe(false);
    const jfifThumb = Buffer.concat([Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 72, 0, 72, 1, 1]), Buffer.alloc(3, 9)]);
    expect(plain(withSegment(baseline, 0xe0, jfifThumb))).toBe(false);
  });

  it("refuses bytes after the image, a truncated image, and a frame browsers may not show", async () => {
    const baseline = await screen().jpeg().toBuffer();
    expect(plain(Buffer.concat([baseline, Buffer.from("<html>trailing</html>")]))).toBe(false);
    expect(plain(baseline.subarray(0, baseline.length - 100))).toBe(false);
    expect(plain(baseline.subarray(0, baseline.length - 2))).toBe(false);
    const twelveBit = Buffer.from(baseline);
    const sof = twelveBit.indexOf(Buffer.from([0xff, 0xc0]));
    twelveBit[sof + 4] = 12;
    expect(plain(twelveBit)).toBe(false);
  });

  it("refuses an upload far larger than its pixels need", async () => {
    const big = await screen(64, 40).jpeg({ quality: 100, chromaSubsampling: "4:4:4" }).toBuffer();
    expect(isPlainJpeg(big, { width: 64, height: 40 })).toBe(true);
    expect(isPlainJpeg(Buffer.concat([big.subarray(0, big.length - 2), Buffer.alloc(17_000, 0), big.subarray(-2)]), { width: 64, height: 40 })).toBe(false);
  });
});

describe("prepareScreenshot", () => {
  it("keeps a plain JPEG byte for byte and makes its thumbnail; re-encodes anything else", async () => {
    const baseline = await screen(1280, 800).jpeg({ quality: 80 }).toBuffer();
    const kept = await prepareScreenshot(baseline, checkScreenshot(baseline));
    expect(kept).toMatchObject({ reencoded: false, width: 1280, height: 800 });
    expect(kept.full.equals(baseline)).toBe(true);
    expect(await sharp(kept.thumb).metadata()).toMatchObject({ format: "webp", width: 320, height: 200 });
    expect(kept.thumb.equals((await processScreenshot(baseline)).thumb)).toBe(true); // the thumbnail a re-encode makes

    const exif = await screen(1280, 800).withExif({ IFD0: { Artist: "someone" } }).jpeg().toBuffer();
    const redone = await prepareScreenshot(exif, checkScreenshot(exif));
    expect(redone.reencoded).toBe(true);
    expect((await sharp(redone.full).metadata()).exif).toBeUndefined();
  });

  it("accepts and refuses damaged scan data exactly as the re-encode does (the same decoder reads it all)", async () => {
    const source = await syntheticScreenshot({ at: new Date("2024-06-12T14:03:00Z"), contractTitle: "Parity", memo: "damaged scans", seed: 7 });
    const outcomes: string[] = [];
    for (const progressive of [false, true]) {
      for (const [from, to] of [[0.3, 0.6], [0.5, 0.55], [0.2, 0.4]] as const) {
        const damaged = Buffer.from(await sharp(source).resize(640).jpeg({ progressive }).toBuffer());
        damaged.fill(0, Math.floor(damaged.length * from), Math.floor(damaged.length * to));
        expect(plain(damaged)).toBe(true);
        const reencoded = await processScreenshot(damaged).then(() => "stored", () => "refused");
        const prepared = await prepareScreenshot(damaged, checkScreenshot(damaged)).then(() => "stored", () => "refused");
        expect(prepared).toBe(reencoded);
        outcomes.push(prepared);
      }
    }
    expect(outcomes).toContain("refused");
    expect(outcomes).toContain("stored");
  });
});

// The real X11 backend against a real X server (Xvfb), driven by xdotool.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { x11Backend } from "../backends/x11";
import { X11Connection, parseXauthority } from "./connection";
import { ensureX11TestTools, paintRectangle, startXvfb, xdotool, type Xvfb } from "../testing/xvfb";
import type { InputKind } from "../backends/types";

let xvfb: Xvfb;

beforeAll(async () => {
  ensureX11TestTools();
  xvfb = await startXvfb({ width: 800, height: 600 });
});
afterAll(async () => {
  await xvfb?.stop();
});

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function pixel(jpeg: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const o = (y * info.width + x) * info.channels;
  return [data[o] as number, data[o + 1] as number, data[o + 2] as number];
}

const near = (actual: number[], expected: number[]) => actual.every((v, i) => Math.abs(v - (expected[i] as number)) <= 24);

describe("X11 backend under Xvfb", () => {
  it("captures the actual screen: what is on it, at its size", async () => {
    const painter = await X11Connection.open(xvfb.display);
    await paintRectangle(painter, { x: 100, y: 100, width: 200, height: 150, rgb: 0xdd2222 });
    await paintRectangle(painter, { x: 500, y: 300, width: 120, height: 120, rgb: 0x2244ee });
    const backend = x11Backend({ display: xvfb.display });
    try {
      const shot = await backend.capture(new Date());
      expect(shot.contentType).toBe("image/jpeg");
      expect(await sharp(shot.bytes).metadata()).toMatchObject({ format: "jpeg", width: 800, height: 600 });
      expect(near(await pixel(shot.bytes, 200, 175), [0xdd, 0x22, 0x22])).toBe(true);
      expect(near(await pixel(shot.bytes, 560, 360), [0x22, 0x44, 0xee])).toBe(true);
      expect(near(await pixel(shot.bytes, 20, 20), [0, 0, 0])).toBe(true);
    } finally {
      await backend.stop();
      painter.close();
    }
  });

  it("counts key presses and mouse events from the X server, exactly", async () => {
    const counts: Record<InputKind, number> = { keyboard: 0, mouse: 0 };
    const backend = x11Backend({ display: xvfb.display });
    await backend.start((kind, n) => (counts[kind] += n));
    try {
      xdotool(xvfb.display, "key", "--delay", "5", ...Array.from({ length: 25 }, (_, i) => "abcdefghij"[i % 10] as string));
      await until(() => counts.keyboard >= 25, "25 key presses");
      // a click after the keys: once it is counted, every key event before it has been seen
      xdotool(xvfb.display, "click", "1");
      await until(() => counts.mouse >= 1, "the click");
      expect(counts.keyboard).toBe(25);
      expect(counts.mouse).toBe(1);

      xdotool(xvfb.display, "mousemove_relative", "--", "15", "15"); // relative: a warp (absolute move) is not user input
      await until(() => counts.mouse >= 2, "pointer motion");
      xdotool(xvfb.display, "key", "Return");
      await until(() => counts.keyboard >= 26, "one more key");
      expect(counts.keyboard).toBe(26);
    } finally {
      await backend.stop();
    }
  });

  it("authenticates with the MIT-MAGIC-COOKIE-1 from XAUTHORITY, and is refused without it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "xauth-"));
    const cookie = randomBytes(16);
    const entry = (data: Buffer) => {
      const field = (b: Buffer) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
      return Buffer.concat([Buffer.from([0xff, 0xff]), field(Buffer.from("")), field(Buffer.from("")), field(Buffer.from("MIT-MAGIC-COOKIE-1")), field(data)]);
    };
    writeFileSync(path.join(dir, "server"), entry(cookie));
    writeFileSync(path.join(dir, "good"), entry(cookie));
    writeFileSync(path.join(dir, "bad"), entry(randomBytes(16)));
    expect(parseXauthority(entry(cookie))[0]).toMatchObject({ family: 65535, name: "MIT-MAGIC-COOKIE-1", data: cookie });

    const secured = await startXvfb({ authFile: path.join(dir, "server") });
    try {
      const conn = await X11Connection.open(secured.display, { XAUTHORITY: path.join(dir, "good") });
      expect(conn.screen).toMatchObject({ width: 800, height: 600 });
      conn.close();
      await expect(X11Connection.open(secured.display, { XAUTHORITY: path.join(dir, "bad") })).rejects.toThrow(/refused/);
    } finally {
      await secured.stop();
    }
  });

  it("explains a missing display", async () => {
    await expect(X11Connection.open(undefined)).rejects.toThrow(/DISPLAY is not set.*--simulate/);
  });
});

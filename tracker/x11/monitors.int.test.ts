// Multi-monitor capture against a real X server: Xvfb with one wide screen split
// into monitors by `xrandr --setmonitor`, as RandR reports them on a real desk.
import { decode } from "jpeg-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { x11Backend } from "../backends/x11";
import { X11Connection } from "./connection";
import { crtcLayout, monitorLayout } from "./randr";
import { ensureX11TestTools, paintRectangle, setMonitors, startXvfb, xdotool, type Xvfb } from "../testing/xvfb";

let xvfb: Xvfb;
let painter: X11Connection;

const RED = [0xdd, 0x22, 0x22];
const GREEN = [0x22, 0xcc, 0x44];
const BLUE = [0x22, 0x44, 0xee];
const BLACK = [0, 0, 0];

beforeAll(async () => {
  ensureX11TestTools();
  xvfb = await startXvfb({ width: 5760, height: 1080 });
  setMonitors(xvfb.display, [
    { name: "LEFT", x: 0, y: 0, width: 1920, height: 1080 },
    { name: "MIDDLE", x: 1920, y: 0, width: 1920, height: 1080 },
    { name: "RIGHT", x: 3840, y: 0, width: 1920, height: 1080 },
  ]);
  painter = await X11Connection.open(xvfb.display);
  await paintRectangle(painter, { x: 100, y: 100, width: 200, height: 150, rgb: 0xdd2222 });
  await paintRectangle(painter, { x: 1920 + 300, y: 400, width: 200, height: 100, rgb: 0x22cc44 });
  await paintRectangle(painter, { x: 3840 + 1500, y: 800, width: 200, height: 200, rgb: 0x2244ee });
});
afterAll(async () => {
  painter?.close();
  await xvfb?.stop();
});

function picture(jpeg: Buffer) {
  const image = decode(jpeg, { useTArray: true });
  return {
    width: image.width,
    height: image.height,
    at: (x: number, y: number) => {
      const o = (y * image.width + x) * 4;
      return [image.data[o], image.data[o + 1], image.data[o + 2]] as number[];
    },
  };
}

const near = (actual: number[], expected: number[]) => actual.every((v, i) => Math.abs(v - (expected[i] as number)) <= 24);

describe("X11 backend with several monitors (RandR)", () => {
  it("reads the layout the X server reports, left to right", async () => {
    expect(await monitorLayout(painter)).toEqual([
      { x: 0, y: 0, width: 1920, height: 1080, primary: false },
      { x: 1920, y: 0, width: 1920, height: 1080, primary: false },
      { x: 3840, y: 0, width: 1920, height: 1080, primary: false },
    ]);
  });

  it("reads the CRTCs of RandR 1.2 (the fallback before 1.5): Xvfb shows the whole screen on one", async () => {
    const randr = await painter.queryExtension("RANDR");
    expect(await crtcLayout(painter, randr.majorOpcode)).toEqual([{ x: 0, y: 0, width: 5760, height: 1080, primary: false }]);
  });

  it('"pointer" captures the monitor under the pointer, and follows it', async () => {
    const backend = x11Backend({ display: xvfb.display, monitors: "pointer" });
    try {
      xdotool(xvfb.display, "mousemove", "2500", "500");
      const middle = picture((await backend.capture(new Date())).bytes);
      expect([middle.width, middle.height]).toEqual([1920, 1080]);
      expect(near(middle.at(400, 450), GREEN)).toBe(true);
      expect(near(middle.at(200, 175), BLACK)).toBe(true); // the left monitor's red is not in it

      xdotool(xvfb.display, "mousemove", "4000", "100");
      const right = picture((await backend.capture(new Date())).bytes);
      expect([right.width, right.height]).toEqual([1920, 1080]);
      expect(near(right.at(1600, 900), BLUE)).toBe(true);
    } finally {
      await backend.stop();
    }
  });

  it('"all" puts three monitors side by side into a 2x2 grid, each picture in its place', async () => {
    const backend = x11Backend({ display: xvfb.display, monitors: "all" });
    try {
      const all = picture((await backend.capture(new Date())).bytes);
      expect([all.width, all.height]).toEqual([3840, 2160]);
      expect(near(all.at(200, 175), RED)).toBe(true); // left monitor: top left cell
      expect(near(all.at(1920 + 400, 450), GREEN)).toBe(true); // middle: top right
      expect(near(all.at(1600, 1080 + 900), BLUE)).toBe(true); // right: bottom left
      expect(near(all.at(1920 + 1600, 1080 + 900), BLACK)).toBe(true); // the fourth cell is empty
      expect(near(all.at(1920 + 200, 175), BLACK)).toBe(true);
    } finally {
      await backend.stop();
    }
  });
});

describe("X11 backend in a Wayland session", () => {
  it("says plainly that Wayland needs XWayland when there is no DISPLAY", async () => {
    const saved = { DISPLAY: process.env.DISPLAY, WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY };
    delete process.env.DISPLAY;
    process.env.WAYLAND_DISPLAY = "wayland-0";
    try {
      const backend = x11Backend();
      await expect(backend.start(() => undefined)).rejects.toThrow(/Wayland session without XWayland.*turn XWayland on.*--simulate/);
      await expect(backend.capture(new Date())).rejects.toThrow(/Wayland session without XWayland/);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

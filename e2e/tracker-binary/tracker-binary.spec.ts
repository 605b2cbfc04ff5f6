// The BUILT single executable (npm run tracker:build; scripts/e2e.ts builds it when stale) as a
// freelancer runs it: started in the background against the real portal, capturing a real X server
// (Xvfb) with the real X11 backend, in the short-slot test mode (a clock 12x faster from a past
// instant, which this test portal allows). xdotool types and clicks in chosen minutes of one slot;
// the portal then holds that slot with exactly those per-minute counts and a JPEG of the screen.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { expect, test, type PlaywrightWorkerArgs } from "@playwright/test";
import { X11Connection } from "../../tracker/x11/connection";
import { ensureX11TestTools, paintRectangle, startXvfb, xdotool, type Xvfb } from "../../tracker/testing/xvfb";
import { PASSWORD, liveSegments, makeTrackerFixture, portalNow, waitFor } from "../tracker/support";

// Choice: 12x, so a tracker minute is 5 s of real time and each burst of input lands 2.5 s from the
// minute's edges: room for a loaded machine (an X11 screenshot's encode holds the tracker ~0.2 s).
const SPEED = 12;
const MINUTE_MS = 60_000;
const SLOT_MS = 10 * MINUTE_MS;
const SCREEN = { width: 1024, height: 768 };
const RED = { x: 200, y: 150, width: 300, height: 200, rgb: 0xdd2222 };

/** Input for each minute of the slot under test: key presses and mouse clicks; the other minutes stay still. */
const PLAN: Record<number, { keys: number; clicks: number }> = {
  1: { keys: 5, clicks: 0 },
  2: { keys: 0, clicks: 3 },
  4: { keys: 7, clicks: 2 },
  6: { keys: 1, clicks: 0 },
  7: { keys: 3, clicks: 1 },
};

function built(name: string): string {
  const dir = process.env.E2E_TRACKER_BUILD;
  if (!dir) throw new Error("E2E_TRACKER_BUILD is not set: run through scripts/e2e.ts, which builds the tracker");
  const file = path.join(dir, name);
  if (!existsSync(file)) throw new Error(`${file} is missing: npm run tracker:build`);
  return file;
}

/** A built tracker (the executable, or Node with the bundled script) with a config folder of its own, on the given X display. */
class BuiltTracker {
  readonly home = mkdtempSync(path.join(tmpdir(), "hourglass-tracker-binary-"));

  constructor(
    private readonly display: string,
    private readonly command: string[] = [built("hourglass-tracker-linux-x64")],
  ) {}

  run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      // no NODE_OPTIONS or loaders from this test runner, and a folder with no node_modules: the build carries everything
      const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: this.home, XDG_CONFIG_HOME: this.home, DISPLAY: this.display, NODE_ENV: "production" as const };
      const [file, ...first] = this.command as [string, ...string[]];
      execFile(file, [...first, ...args], { env, cwd: this.home, timeout: 60_000 }, (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
  }

  /** The tracker clock as the running tracker last wrote it, with the real time of that write. */
  clock(): { clockAt: number; realAt: number } | null {
    const file = path.join(this.home, "hourglass", "tracker-state.json");
    if (!existsSync(file)) return null;
    const state = JSON.parse(readFileSync(file, "utf8")) as { clockAt?: string; running?: boolean };
    return state.running && state.clockAt ? { clockAt: Date.parse(state.clockAt), realAt: statSync(file).mtimeMs } : null;
  }

  log(): string {
    const file = path.join(this.home, "hourglass", "tracker.log");
    return existsSync(file) ? readFileSync(file, "utf8") : "";
  }
}

const near = (actual: number[], expected: number[]) => actual.every((v, i) => Math.abs(v - (expected[i] as number)) <= 24);

/** The segment's full screenshot as the portal serves it to the client: checked to be a JPEG, decoded. */
async function storedScreenshot(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string, clientEmail: string, segmentId: string) {
  const asClient = await playwright.request.newContext({ baseURL });
  try {
    expect((await asClient.post("/api/session", { data: { email: clientEmail, password: PASSWORD } })).ok()).toBe(true);
    const full = await asClient.get(`/api/screenshots/${segmentId}/full`);
    expect(full.status()).toBe(200);
    const bytes = await full.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect((await sharp(bytes).metadata()).format).toBe("jpeg");
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    return { size: { width: info.width, height: info.height }, at };
  } finally {
    await asClient.dispose();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

let xvfb: Xvfb;
let painter: X11Connection;

test.describe.configure({ mode: "serial", timeout: 240_000 });

test.beforeAll(async () => {
  ensureX11TestTools();
  xvfb = await startXvfb(SCREEN);
  // something real on the screen to find in the stored screenshot (the window lives as long as this connection)
  painter = await X11Connection.open(xvfb.display);
  await paintRectangle(painter, RED);
});

test.afterAll(async () => {
  painter?.close();
  await xvfb?.stop();
});

test("the single executable records xdotool's keys and clicks per minute, and the screen, into the portal", async ({ baseURL, playwright }) => {
  const fixture = await makeTrackerFixture("Tracker binary e2e");
  const tracker = new BuiltTracker(xvfb.display);
  const login = await tracker.run("login", baseURL as string, fixture.token);
  expect(login.stderr).toBe("");
  expect(login.code).toBe(0);

  // The slot under test starts at `slot`, 10 hours in the past; the clock starts 2 tracker-minutes (10 s) before it.
  const slot = Math.floor((portalNow() - 10 * 3_600_000) / SLOT_MS) * SLOT_MS;
  const started = await tracker.run("start", fixture.contractId, "--memo", "Built binary under Xvfb", "--speed", String(SPEED), "--from", new Date(slot - 2 * MINUTE_MS).toISOString());
  expect(started.stderr).toBe("");
  expect(started.code).toBe(0);
  try {
    // Where the tracker's clock is in real time: its own last written reading.
    const reading = await waitFor("the running tracker's clock", () => tracker.clock(), 30_000);
    const realAtTracker = (t: number) => reading.realAt + (t - reading.clockAt) / SPEED;
    expect(realAtTracker(slot + MINUTE_MS)).toBeGreaterThan(Date.now()); // the first minute with input is still ahead

    for (const [minute, input] of Object.entries(PLAN).map(([m, i]) => [Number(m), i] as const)) {
      // the middle of the minute
      await sleep(realAtTracker(slot + minute * MINUTE_MS + MINUTE_MS / 2) - Date.now());
      if (input.keys) xdotool(xvfb.display, "key", "--delay", "20", ...Array.from({ length: input.keys }, (_, i) => "hourglass"[i % 9] as string));
      if (input.clicks) xdotool(xvfb.display, "click", "--repeat", String(input.clicks), "--delay", "20", "1");
    }

    const row = await waitFor(
      "the slot under test in the portal",
      async () => (await liveSegments(fixture.contractId)).find((r) => r.slot_start.getTime() === slot),
      90_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\ntracker log:\n${tracker.log()}`);
    });
    const expectedKeys = Array.from({ length: 10 }, (_, m) => PLAN[m]?.keys ?? 0);
    const expectedClicks = Array.from({ length: 10 }, (_, m) => PLAN[m]?.clicks ?? 0);
    expect(row).toMatchObject({ kind: "TRACKED", memo: "Built binary under Xvfb", keyboard_counts: expectedKeys, mouse_counts: expectedClicks });
    expect(row.activity_level).toBe(Object.keys(PLAN).length);

    // The screenshot is the X screen: a JPEG of its size with the red rectangle where it was painted.
    const image = await storedScreenshot(playwright, baseURL as string, fixture.clientEmail, row.id);
    expect(image.size).toEqual(SCREEN);
    expect(near(image.at(RED.x + RED.width / 2, RED.y + RED.height / 2), [0xdd, 0x22, 0x22])).toBe(true);
    expect(near(image.at(20, 20), [0, 0, 0])).toBe(true);
  } finally {
    const stopped = await tracker.run("stop");
    expect(stopped.stdout).toMatch(/Tracking stopped at/);
  }
});

test("the bundled script runs --simulate under plain Node (20.12 or later), as on Windows and macOS, and its drawn screen arrives", async ({ baseURL, playwright }) => {
  const fixture = await makeTrackerFixture("Tracker bundle e2e");
  const tracker = new BuiltTracker(xvfb.display, [process.execPath, built("hourglass-tracker.cjs")]);
  expect((await tracker.run("login", baseURL as string, fixture.token)).code).toBe(0);
  const from = new Date(portalNow() - 14 * 3_600_000).toISOString();
  const started = await tracker.run("start", fixture.contractId, "--memo", "Bundled script", "--simulate", "--speed", "600", "--from", from);
  expect(started.stderr).toBe("");
  expect(started.code).toBe(0);
  let rows: Awaited<ReturnType<typeof liveSegments>> = [];
  try {
    rows = await waitFor("two segments from the bundled script", async () => {
      const found = await liveSegments(fixture.contractId);
      return found.length >= 2 && found;
    });
  } finally {
    expect((await tracker.run("stop")).stdout).toMatch(/Tracking stopped at/);
  }
  expect(rows[0]).toMatchObject({ kind: "TRACKED", memo: "Bundled script" });
  // --simulate's screen, drawn in plain JavaScript and encoded by jpeg-js: its size and its dark taskbar
  const image = await storedScreenshot(playwright, baseURL as string, fixture.clientEmail, rows[0]!.id);
  expect(image.size).toEqual({ width: 1280, height: 800 });
  expect(near(image.at(640, 790), [0x0b, 0x12, 0x20])).toBe(true);
});

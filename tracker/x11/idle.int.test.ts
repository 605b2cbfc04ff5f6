// R2.4 with the real X11 backend: keyboard input from the X server (xdotool under
// Xvfb) keeps tracking alive past the inactivity limit; without input it stops at
// the limit. A clock 30x faster than real time makes the minutes 2 seconds each
// (slack for a busy machine: a key goes every 250 ms of real time).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { x11Backend } from "../backends/x11";
import { scaledClock } from "../clock";
import { TrackingSession, type SessionStop } from "../session";
import { ensureX11TestTools, startXvfb, xdotool, type Xvfb } from "../testing/xvfb";

let xvfb: Xvfb;

beforeAll(async () => {
  ensureX11TestTools();
  xvfb = await startXvfb({ width: 800, height: 600 });
});
afterAll(async () => {
  await xvfb?.stop();
});

const MINUTE = 60_000;
const sleepReal = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("inactivity limit with the X11 backend (R2.4)", () => {
  it("keeps tracking while xdotool types, and stops itself one limit after the last key", async () => {
    const start = Date.parse("2026-12-07T09:00:00Z");
    const clock = scaledClock(start, 30);
    const session = new TrackingSession({
      contractId: "c-idle",
      memo: "idle test",
      clock,
      backend: x11Backend({ display: xvfb.display, now: () => clock.now() }),
      record: async () => undefined,
      idleMinutes: 1,
    });
    let ended: SessionStop | null = null;
    const running = session.run().then((result) => (ended = result));

    // About 3 minutes of the tracker's clock with a key every ~7.5 s of it: three times the limit.
    let lastKeyAt = start;
    while (clock.now() < start + 3 * MINUTE) {
      xdotool(xvfb.display, "key", "a");
      lastKeyAt = clock.now();
      await sleepReal(250);
      expect(ended).toBeNull();
    }

    const result = await running;
    expect(result.reason).toBe("idle");
    expect(result.message).toMatch(/after 1 minutes? without keyboard or mouse input/);
    expect(result.at - start).toBeGreaterThanOrEqual(3 * MINUTE);
    // stopped one limit after the last key: never before it, and not long after (the loop looks every second)
    expect(result.at).toBeGreaterThanOrEqual(lastKeyAt + MINUTE);
    expect(result.at).toBeLessThan(lastKeyAt + 2 * MINUTE);
  });
});

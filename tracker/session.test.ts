import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TrackingSession, type RecordedSegment, type SessionOptions } from "./session";
import { FakeBackend, VirtualClock } from "./testing/virtual-clock";

const CONTRACT = "7b0b7c1e-8f63-4d7a-9a43-0a3c1b2c3d4e";
const MIN = 60_000;

function setup(start: string, opts: Partial<SessionOptions> & { u?: number } = {}) {
  const clock = new VirtualClock(start);
  const backend = new FakeBackend();
  const recorded: RecordedSegment[] = [];
  const logs: string[] = [];
  const session = new TrackingSession({
    contractId: CONTRACT,
    memo: "Login screen",
    clock,
    backend,
    record: async (s) => {
      recorded.push(s);
    },
    log: (l) => logs.push(l),
    random: () => opts.u ?? 0.25,
    ...opts,
  });
  return { clock, backend, recorded, logs, session };
}

/** Input every `everyMs` from `from` until `until` (exclusive). */
function typeAlong(clock: VirtualClock, backend: FakeBackend, from: string, until: string, everyMs = 30_000, kind: "keyboard" | "mouse" = "keyboard") {
  for (let t = Date.parse(from); t < Date.parse(until); t += everyMs) clock.at(t, () => backend.emit(kind, 2));
}

const slots = (recorded: RecordedSegment[]) => recorded.map((r) => r.fields.slotStart);

describe("TrackingSession (R2.1-R2.4)", () => {
  it("records every slot it runs through with one screenshot at the slot's moment and per-minute counts", async () => {
    const { clock, backend, recorded, session } = setup("2024-06-12T10:00:00Z", { u: 0.25 });
    typeAlong(clock, backend, "2024-06-12T10:00:10Z", "2024-06-12T10:35:00Z", 60_000);
    clock.at("2024-06-12T10:35:00Z", () => session.stop());
    const stop = await session.run();

    expect(stop).toMatchObject({ reason: "stopped", at: Date.parse("2024-06-12T10:35:00Z") });
    // 10:30's moment (10:32:30) was reached before the stop, so it is recorded too
    expect(slots(recorded)).toEqual(["2024-06-12T10:00:00.000Z", "2024-06-12T10:10:00.000Z", "2024-06-12T10:20:00.000Z", "2024-06-12T10:30:00.000Z"]);
    expect(backend.captures.map((d) => d.toISOString())).toEqual([
      "2024-06-12T10:02:30.000Z",
      "2024-06-12T10:12:30.000Z",
      "2024-06-12T10:22:30.000Z",
      "2024-06-12T10:32:30.000Z",
    ]);
    expect(recorded[0]!.fields).toMatchObject({
      contractId: CONTRACT,
      memo: "Login screen",
      screenshotTakenAt: "2024-06-12T10:02:30.000Z",
      keyboardCounts: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
      mouseCounts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    });
    // the last slot holds only the minutes before the stop
    expect(recorded[3]!.fields.keyboardCounts).toEqual([2, 2, 2, 2, 2, 0, 0, 0, 0, 0]);
    expect(new Set(recorded.map((r) => r.fields.segmentId)).size).toBe(4);
    expect(backend.stopped).toBe(true);
  });

  it("puts each event into the minute it happened in, keyboard and mouse apart", async () => {
    const { clock, backend, recorded, session } = setup("2024-06-12T10:00:00Z");
    clock.at("2024-06-12T10:00:59.999Z", () => backend.emit("keyboard", 3));
    clock.at("2024-06-12T10:01:00Z", () => backend.emit("mouse", 4));
    clock.at("2024-06-12T10:07:30Z", () => backend.emit("keyboard", 1));
    clock.at("2024-06-12T10:09:59Z", () => backend.emit("mouse", 7));
    clock.at("2024-06-12T10:10:05Z", () => backend.emit("keyboard", 9)); // next slot
    clock.at("2024-06-12T10:15:00Z", () => session.stop());
    await session.run();
    expect(recorded[0]!.fields.keyboardCounts).toEqual([3, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(recorded[0]!.fields.mouseCounts).toEqual([0, 4, 0, 0, 0, 0, 0, 0, 0, 7]);
    expect(recorded[1]!.fields.keyboardCounts).toEqual([9, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("does not record a slot whose screenshot moment was not reached (R2.3)", async () => {
    const { clock, backend, recorded, session, logs } = setup("2024-06-12T10:00:00Z", { u: 0.75 });
    typeAlong(clock, backend, "2024-06-12T10:00:10Z", "2024-06-12T10:15:00Z");
    clock.at("2024-06-12T10:17:00Z", () => session.stop()); // 10:10's moment is 10:17:30
    await session.run();
    expect(slots(recorded)).toEqual(["2024-06-12T10:00:00.000Z"]);
    expect(backend.captures).toHaveLength(1);
    expect(logs.join("\n")).toMatch(/10:10 slot is not recorded/);
  });

  it("draws the moment over the whole slot when it starts mid-slot: a moment before the start is never reached", async () => {
    const early = setup("2024-06-12T10:05:00Z", { u: 0.25 }); // moment 10:02:30
    typeAlong(early.clock, early.backend, "2024-06-12T10:05:10Z", "2024-06-12T10:12:00Z");
    early.clock.at("2024-06-12T10:12:00Z", () => early.session.stop());
    await early.session.run();
    expect(slots(early.recorded)).toEqual([]);

    const late = setup("2024-06-12T10:05:00Z", { u: 0.75 }); // moment 10:07:30
    typeAlong(late.clock, late.backend, "2024-06-12T10:05:10Z", "2024-06-12T10:12:00Z");
    late.clock.at("2024-06-12T10:12:00Z", () => late.session.stop());
    await late.session.run();
    expect(slots(late.recorded)).toEqual(["2024-06-12T10:00:00.000Z"]);
    expect(late.recorded[0]!.fields.keyboardCounts.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
  });

  it("stops itself after 10 minutes without input, says so, and does not send the idle slots (R2.4)", async () => {
    const { clock, backend, recorded, session } = setup("2024-06-12T10:00:00Z", { u: 0.1 });
    typeAlong(clock, backend, "2024-06-12T10:00:10Z", "2024-06-12T10:13:30Z");
    const stop = await session.run();
    // last input 10:13:10 -> stop at 10:23:10
    expect(stop.reason).toBe("idle");
    expect(stop.at).toBe(Date.parse("2024-06-12T10:23:10Z"));
    expect(stop.message).toMatch(/stopped by itself at 10:23 UTC after 10 minutes without keyboard or mouse input; 1 idle slot was not recorded/);
    // 10:20's screenshot (10:21) was taken, but the slot had no input and is dropped
    expect(backend.captures.map((d) => d.toISOString())).toContain("2024-06-12T10:21:00.000Z");
    expect(slots(recorded)).toEqual(["2024-06-12T10:00:00.000Z", "2024-06-12T10:10:00.000Z"]);
  });

  it("says a one-minute inactivity limit in the singular", async () => {
    const { clock, backend, session } = setup("2024-06-12T10:00:00Z", { idleMinutes: 1 });
    typeAlong(clock, backend, "2024-06-12T10:00:10Z", "2024-06-12T10:04:00Z");
    const stop = await session.run();
    expect(stop.reason).toBe("idle");
    expect(stop.message).toMatch(/^Tracking stopped by itself at 10:04 UTC after 1 minute without keyboard or mouse input[.;]/);
  });

  it("keeps a quiet slot back and sends it once input resumes before the idle limit", async () => {
    const { clock, backend, recorded, session } = setup("2024-06-12T10:00:00Z", { idleMinutes: 30 });
    typeAlong(clock, backend, "2024-06-12T10:00:10Z", "2024-06-12T10:08:00Z");
    typeAlong(clock, backend, "2024-06-12T10:25:00Z", "2024-06-12T10:28:00Z");
    clock.at("2024-06-12T10:21:00Z", () => expect(slots(recorded)).toEqual(["2024-06-12T10:00:00.000Z"]));
    clock.at("2024-06-12T10:29:00Z", () => session.stop());
    await session.run();
    expect(slots(recorded)).toEqual(["2024-06-12T10:00:00.000Z", "2024-06-12T10:10:00.000Z", "2024-06-12T10:20:00.000Z"]);
    expect(recorded[1]!.fields.keyboardCounts).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("drops quiet slots kept back when the idle limit is reached", async () => {
    const { clock, backend, recorded, session } = setup("2024-06-12T10:00:00Z", { idleMinutes: 30 });
    typeAlong(clock, backend, "2024-06-12T10:00:10Z", "2024-06-12T10:08:00Z");
    const stop = await session.run();
    expect(stop.reason).toBe("idle");
    expect(stop.message).toMatch(/3 idle slots were not recorded/);
    expect(slots(recorded)).toEqual(["2024-06-12T10:00:00.000Z"]);
  });

  it("stops when the computer slept, at the last moment it was awake", async () => {
    const { clock, backend, recorded, session } = setup("2024-06-12T10:00:00Z", { u: 0.5 });
    typeAlong(clock, backend, "2024-06-12T10:00:10Z", "2024-06-12T10:14:00Z");
    clock.at("2024-06-12T10:14:00Z", () => clock.jump(3 * 60 * MIN));
    const stop = await session.run();
    expect(stop.reason).toBe("asleep");
    expect(stop.at).toBeLessThanOrEqual(Date.parse("2024-06-12T10:14:00Z"));
    expect(stop.message).toMatch(/asleep/);
    // 10:10's moment (10:15) fell into the sleep: not recorded
    expect(slots(recorded)).toEqual(["2024-06-12T10:00:00.000Z"]);
  });

  it("does not record a slot whose screenshot failed", async () => {
    const { clock, backend, recorded, session, logs } = setup("2024-06-12T10:00:00Z");
    backend.failCaptures = true;
    typeAlong(clock, backend, "2024-06-12T10:00:10Z", "2024-06-12T10:12:00Z");
    clock.at("2024-06-12T10:12:00Z", () => session.stop());
    await session.run();
    expect(recorded).toEqual([]);
    expect(logs.join("\n")).toMatch(/Screenshot for the 10:00 slot failed/);
  });

  it("takes each slot's screenshot inside the slot, spread uniformly", async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 0, max: 1_000_000 }), async (u, n) => {
        const slot = Date.UTC(2024, 5, 12) + n * 600_000;
        const { clock, backend, session } = setup(new Date(slot).toISOString(), { u });
        typeAlong(clock, backend, new Date(slot + 1000).toISOString(), new Date(slot + 600_000).toISOString());
        clock.at(slot + 600_000, () => session.stop());
        await session.run();
        expect(backend.captures.map((d) => d.getTime())).toEqual([slot + Math.floor(u * 600_000)]);
      }),
      { numRuns: 50 },
    );
    // Many slots with a seeded generator: every moment inside its slot, each tenth of the slot about equally often.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const { clock, backend, recorded, session } = setup("2024-06-12T00:00:00Z", { random, idleMinutes: 100_000 });
    typeAlong(clock, backend, "2024-06-12T00:00:05Z", "2024-06-18T22:40:00Z", 5 * MIN);
    clock.at("2024-06-18T22:40:00Z", () => session.stop());
    await session.run();
    expect(recorded.length).toBe(1_000);
    const tenths = new Array<number>(10).fill(0);
    for (const r of recorded) {
      const offset = Date.parse(r.fields.screenshotTakenAt) - Date.parse(r.fields.slotStart);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(600_000);
      tenths[Math.floor(offset / 60_000)]! += 1;
    }
    for (const count of tenths) expect(count).toBeGreaterThan(60);
    for (const count of tenths) expect(count).toBeLessThan(140);
  });
});

describe("TrackingSession in the window: memo, preview, delete, switch", () => {
  it("applies a memo change from the next slot; the running slot keeps the memo it opened with", async () => {
    const { clock, backend, recorded, session } = setup("2024-06-12T10:00:00Z");
    typeAlong(clock, backend, "2024-06-12T10:00:10Z", "2024-06-12T10:30:00Z");
    clock.at("2024-06-12T10:05:00Z", () => session.setMemo("Checkout page"));
    clock.at("2024-06-12T10:30:00Z", () => session.stop());
    await session.run();
    expect(recorded.map((r) => r.fields.memo)).toEqual(["Login screen", "Checkout page", "Checkout page"]);
  });

  it("hands each screenshot to onShot for the preview, and shows the current slot's per-minute counts", async () => {
    const shots: Array<{ slotStart: number; takenAt: number; bytes: string }> = [];
    const { clock, backend, session } = setup("2024-06-12T10:00:00Z", {
      u: 0.25,
      onShot: (s) => shots.push({ slotStart: s.slotStart, takenAt: s.takenAt, bytes: s.jpeg.bytes.toString() }),
    });
    clock.at("2024-06-12T10:00:30Z", () => backend.emit("keyboard", 3));
    clock.at("2024-06-12T10:02:10Z", () => backend.emit("mouse", 5));
    let seen: ReturnType<typeof session.current> = null;
    clock.at("2024-06-12T10:04:00Z", () => (seen = session.current()));
    clock.at("2024-06-12T10:05:00Z", () => session.stop());
    await session.run();
    expect(shots).toEqual([{ slotStart: Date.parse("2024-06-12T10:00:00Z"), takenAt: Date.parse("2024-06-12T10:02:30Z"), bytes: "shot 2024-06-12T10:02:30.000Z" }]);
    expect(seen).toMatchObject({ slotStart: Date.parse("2024-06-12T10:00:00Z"), screenshotTaken: true, keyboard: [3, 0, 0, 0, 0, 0, 0, 0, 0, 0], mouse: [0, 0, 5, 0, 0, 0, 0, 0, 0, 0], discarded: false });
    expect(session.current()).toBeNull();
  });

  it("does not send a slot whose screenshot was deleted before the slot ended, nor its activity (R2.3)", async () => {
    const { clock, backend, recorded, session, logs } = setup("2024-06-12T10:00:00Z", { u: 0.25 });
    typeAlong(clock, backend, "2024-06-12T10:00:10Z", "2024-06-12T10:35:00Z");
    const results: boolean[] = [];
    // too early (no screenshot yet), then the 10:10 slot's screenshot, then a slot that already ended
    clock.at("2024-06-12T10:11:00Z", () => results.push(session.discardScreenshot(Date.parse("2024-06-12T10:10:00Z"))));
    clock.at("2024-06-12T10:13:00Z", () => results.push(session.discardScreenshot(Date.parse("2024-06-12T10:10:00Z"))));
    clock.at("2024-06-12T10:21:00Z", () => results.push(session.discardScreenshot(Date.parse("2024-06-12T10:10:00Z"))));
    clock.at("2024-06-12T10:35:00Z", () => session.stop());
    await session.run();
    expect(results).toEqual([false, true, false]);
    expect(slots(recorded)).toEqual(["2024-06-12T10:00:00.000Z", "2024-06-12T10:20:00.000Z", "2024-06-12T10:30:00.000Z"]);
    expect(logs.join("\n")).toMatch(/screenshot of the 10:10 slot was deleted/);
  });

  it("does not send the running slot when its screenshot is deleted and tracking then stops", async () => {
    const { clock, backend, recorded, session } = setup("2024-06-12T10:00:00Z", { u: 0.25 });
    typeAlong(clock, backend, "2024-06-12T10:00:10Z", "2024-06-12T10:08:00Z");
    clock.at("2024-06-12T10:03:00Z", () => session.discardScreenshot(Date.parse("2024-06-12T10:00:00Z")));
    clock.at("2024-06-12T10:08:00Z", () => session.stop());
    await session.run();
    expect(recorded).toEqual([]);
  });

  it("a contract switch closes the running slot as R2.3 says: recorded once its screenshot was taken, otherwise not", async () => {
    // First contract: stopped for the switch at 10:14, after 10:10's moment (10:12:30).
    const first = setup("2024-06-12T10:00:00Z", { u: 0.25 });
    typeAlong(first.clock, first.backend, "2024-06-12T10:00:10Z", "2024-06-12T10:14:00Z");
    first.clock.at("2024-06-12T10:14:00Z", () => first.session.stop());
    await first.session.run();
    expect(slots(first.recorded)).toEqual(["2024-06-12T10:00:00.000Z", "2024-06-12T10:10:00.000Z"]);
    expect(first.recorded[1]!.fields.keyboardCounts).toEqual([4, 4, 4, 4, 0, 0, 0, 0, 0, 0]);
    // The same switch before the moment (10:17:30 with u 0.75): that slot is not recorded.
    const early = setup("2024-06-12T10:00:00Z", { u: 0.75 });
    typeAlong(early.clock, early.backend, "2024-06-12T10:00:10Z", "2024-06-12T10:14:00Z");
    early.clock.at("2024-06-12T10:14:00Z", () => early.session.stop());
    await early.session.run();
    expect(slots(early.recorded)).toEqual(["2024-06-12T10:00:00.000Z"]);
  });
});

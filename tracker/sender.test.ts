import { mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PortalUnreachable, type PortalAnswer, type PortalClient } from "./api-client";
import { SegmentQueue } from "./queue";
import { CLOCK_SKEW_RETRY_MS, Sender, judge } from "./sender";
import type { RecordedSegment } from "./session";

function segment(slotStart: string): RecordedSegment {
  return {
    fields: {
      segmentId: randomUUID(),
      contractId: randomUUID(),
      slotStart,
      screenshotTakenAt: slotStart,
      keyboardCounts: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      mouseCounts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      memo: "m",
    },
    screenshot: { bytes: Buffer.from(`image ${slotStart}`), contentType: "image/jpeg" },
  };
}

function newQueue() {
  const dir = mkdtempSync(path.join(tmpdir(), "tracker-queue-"));
  return { dir, queue: new SegmentQueue(path.join(dir, "queue"), path.join(dir, "rejected")) };
}

/** A portal whose answers the test scripts; unreachable while `down`. */
function fakePortal(answers: Array<PortalAnswer | "down">) {
  const received: Array<{ segmentId: string; bytes: string }> = [];
  const client = {
    async postSegment(fields: { segmentId: string }, bytes: Buffer) {
      const next = answers.shift() ?? { status: 201, body: {} };
      if (next === "down") throw new PortalUnreachable("connection refused");
      received.push({ segmentId: fields.segmentId, bytes: bytes.toString() });
      return next;
    },
  } as unknown as PortalClient;
  return { client, received };
}

const error = (code: string, reasons?: string[]) => ({ error: { code, message: code, ...(reasons ? { reasons } : {}) } });

describe("SegmentQueue", () => {
  it("keeps entries on disk in slot order until they are removed", async () => {
    const { queue, dir } = newQueue();
    const later = await queue.add(segment("2024-06-12T10:10:00.000Z"));
    await queue.add(segment("2024-06-12T10:00:00.000Z"));
    // a second queue object on the same folder (a restarted tracker) sees the same entries
    const again = new SegmentQueue(path.join(dir, "queue"), path.join(dir, "rejected"));
    expect(again.list().map((i) => i.fields.slotStart)).toEqual(["2024-06-12T10:00:00.000Z", "2024-06-12T10:10:00.000Z"]);
    expect(again.readImage(later).toString()).toBe("image 2024-06-12T10:10:00.000Z");
    again.remove(later);
    expect(queue.size()).toBe(1);
  });

  it("sets rejected entries aside with the portal's answer, image included", async () => {
    const { queue, dir } = newQueue();
    const item = await queue.add(segment("2024-06-12T10:00:00.000Z"));
    queue.reject(item, { status: 409, body: error("conflict") });
    expect(queue.size()).toBe(0);
    expect(queue.rejectedCount()).toBe(1);
    const files = readdirSync(path.join(dir, "rejected")).sort();
    expect(files).toEqual([`${item.name}.jpg`, `${item.name}.json`]);
    expect(JSON.parse(readFileSync(path.join(dir, "rejected", `${item.name}.json`), "utf8")).answer.status).toBe(409);
  });

  it("cleans up an image whose entry was never completed (a crash while queueing), but not a young one", async () => {
    const { queue, dir } = newQueue();
    const kept = await queue.add(segment("2024-06-12T10:00:00.000Z"));
    const stray = path.join(dir, "queue", "000001718186400000-crashed.jpg");
    writeFileSync(stray, "half");
    expect(queue.cleanup(60_000)).toEqual([]);
    const old = new Date(Date.now() - 120_000);
    utimesSync(stray, old, old);
    expect(queue.cleanup(60_000)).toEqual(["000001718186400000-crashed.jpg"]);
    expect(queue.list().map((i) => i.name)).toEqual([kept.name]);
  });
});

describe("judge: what an answer means for a queued segment", () => {
  it.each([
    [201, null, "delivered"],
    [200, null, "delivered"],
    [429, null, "retry"],
    [500, null, "retry"],
    [503, null, "retry"],
    [401, error("unauthenticated"), "paused"],
    [404, error("not_found"), "rejected"],
    [409, error("conflict"), "rejected"],
    [413, error("payload_too_large"), "rejected"],
    [415, error("unsupported_media_type"), "rejected"],
    [422, error("validation_failed", ["WEEK_LOCKED"]), "rejected"],
    [422, error("validation_failed", ["CONTRACT_PAUSED"]), "rejected"],
    [422, error("validation_failed", ["SLOT_IN_FUTURE"]), "retry"],
    [422, error("validation_failed"), "rejected"],
  ])("%i %j -> %s", (status, body, kind) => {
    expect(judge({ status, body }).kind).toBe(kind);
  });
});

describe("Sender", () => {
  it("delivers in slot order and empties the queue", async () => {
    const { queue } = newQueue();
    const a = await queue.add(segment("2024-06-12T10:10:00.000Z"));
    const b = await queue.add(segment("2024-06-12T10:00:00.000Z"));
    const portal = fakePortal([]);
    const sender = new Sender({ queue, client: () => portal.client, log: () => undefined });
    expect(await sender.deliverPass()).toMatchObject({ empty: true });
    expect(portal.received.map((r) => r.segmentId)).toEqual([b.fields.segmentId, a.fields.segmentId]);
    expect(queue.size()).toBe(0);
  });

  it("keeps everything while the portal is down, backs off exponentially, and delivers each segment once when it is back", async () => {
    const { queue } = newQueue();
    for (const slot of ["2024-06-12T10:00:00.000Z", "2024-06-12T10:10:00.000Z", "2024-06-12T10:20:00.000Z"]) await queue.add(segment(slot));
    const portal = fakePortal(["down", "down", "down", { status: 503, body: null }, { status: 201, body: {} }, { status: 200, body: {} }, { status: 201, body: {} }]);
    const waits: number[] = [];
    const sender = new Sender({ queue, client: () => portal.client, log: () => undefined, random: () => 1, retryBaseMs: 1000, retryMaxMs: 5000 });
    for (;;) {
      const pass = await sender.deliverPass();
      if (pass.empty) break;
      waits.push(pass.waitMs);
      expect(queue.size()).toBe(3);
    }
    expect(waits).toEqual([1000, 2000, 4000, 5000]);
    expect(portal.received).toHaveLength(4); // one 503, then the three segments once each
    expect(new Set(portal.received.slice(1).map((r) => r.segmentId)).size).toBe(3);
    expect(queue.list()).toEqual([]);
  });

  it("waits exactly what a 429's Retry-After asks, and a new segment does not cut that short", async () => {
    const { queue } = newQueue();
    await queue.add(segment("2024-06-12T10:00:00.000Z"));
    const portal = fakePortal([{ status: 429, body: error("rate_limited"), retryAfterMs: 17_000 }]);
    const sender = new Sender({ queue, client: () => portal.client, log: () => undefined });
    expect(await sender.deliverPass()).toEqual({ waitMs: 17_000, interruptible: false, empty: false });
    expect(queue.size()).toBe(1);
  });

  it("sets permanently refused segments aside and goes on with the rest", async () => {
    const { queue } = newQueue();
    await queue.add(segment("2024-06-12T10:00:00.000Z"));
    await queue.add(segment("2024-06-12T10:10:00.000Z"));
    const logs: string[] = [];
    const portal = fakePortal([{ status: 422, body: error("validation_failed", ["WEEK_LOCKED"]) }, { status: 201, body: {} }]);
    const sender = new Sender({ queue, client: () => portal.client, log: (l) => logs.push(l) });
    expect(await sender.deliverPass()).toMatchObject({ empty: true });
    expect(queue.rejectedCount()).toBe(1);
    expect(logs.join()).toMatch(/refused the 2024-06-12T10:00:00.000Z segment/);
  });

  it("retries a clock-skew refusal for an hour, then sets it aside", async () => {
    const { queue } = newQueue();
    await queue.add(segment("2024-06-12T10:00:00.000Z"));
    let now = Date.parse("2024-06-12T10:11:00Z");
    const skew = { status: 422, body: error("validation_failed", ["SLOT_IN_FUTURE"]) };
    const portal = fakePortal([skew, skew]);
    const sender = new Sender({ queue, client: () => portal.client, log: () => undefined, now: () => now });
    expect((await sender.deliverPass()).empty).toBe(false);
    now += CLOCK_SKEW_RETRY_MS;
    expect((await sender.deliverPass()).empty).toBe(true);
    expect(queue.rejectedCount()).toBe(1);
  });

  it("keeps the queue when the token is refused, and when not logged in", async () => {
    const { queue } = newQueue();
    await queue.add(segment("2024-06-12T10:00:00.000Z"));
    const portal = fakePortal([{ status: 401, body: error("unauthenticated") }]);
    const problems: Array<string | null> = [];
    const sender = new Sender({ queue, client: () => portal.client, log: () => undefined, onProblem: (p) => problems.push(p) });
    expect((await sender.deliverPass()).empty).toBe(false);
    expect(queue.size()).toBe(1);
    expect(problems.at(-1)).toMatch(/login/);
    const loggedOut = new Sender({ queue, client: () => null, log: () => undefined });
    expect((await loggedOut.deliverPass()).empty).toBe(false);
    expect(queue.size()).toBe(1);
  });

  it("run() does not start a wait when it was asked to stop during a delivery", async () => {
    const { queue } = newQueue();
    await queue.add(segment("2024-06-12T10:00:00.000Z"));
    const stop = new AbortController();
    const slept: number[] = [];
    const client = {
      async postSegment() {
        stop.abort(); // the stop arrives while the request is in flight
        throw new PortalUnreachable("down");
      },
    } as unknown as PortalClient;
    const sender = new Sender({ queue, client: () => client, log: () => undefined, sleep: async (ms) => void slept.push(ms) });
    await sender.run(stop.signal);
    expect(slept).toEqual([]);
  });

  it("run() waits between passes with the sleep it is given and stops when asked", async () => {
    const { queue } = newQueue();
    await queue.add(segment("2024-06-12T10:00:00.000Z"));
    const portal = fakePortal(["down", "down"]);
    const slept: number[] = [];
    const stop = new AbortController();
    const sender = new Sender({
      queue,
      client: () => portal.client,
      log: () => undefined,
      random: () => 1,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    await sender.run(stop.signal, { untilEmpty: true });
    expect(slept).toEqual([1000, 2000]);
    expect(queue.size()).toBe(0);
  });
});

import { mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PortalClient, PortalUnreachable, type PortalAnswer } from "./api-client";
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

describe("SegmentQueue.requeueRejected (sync --retry-rejected)", () => {
  it("puts every set-aside entry back in the queue with its segment id and image, as if never tried", async () => {
    const { queue } = newQueue();
    const a = await queue.add(segment("2024-06-12T10:00:00.000Z"));
    const b = await queue.add(segment("2024-06-12T10:10:00.000Z"));
    queue.reject(a, { status: 404, body: "<html>proxy</html>" });
    queue.reject(b, { status: 409, body: error("conflict") });
    expect([queue.size(), queue.rejectedCount()]).toEqual([0, 2]);
    expect(queue.requeueRejected()).toBe(2);
    expect([queue.size(), queue.rejectedCount()]).toEqual([2, 0]);
    const back = queue.list();
    expect(back.map((i) => i.fields.segmentId)).toEqual([a.fields.segmentId, b.fields.segmentId]);
    expect(back[0]).toMatchObject({ attempts: 0 });
    expect(back[0]).not.toHaveProperty("answer");
    expect(queue.readImage(back[1]!).toString()).toBe("image 2024-06-12T10:10:00.000Z");
    expect(queue.requeueRejected()).toBe(0);
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
    // answers that are not the API's own errors may go away (a proxy, a wrong URL): never set aside
    [404, "<html><head><title>404 Not Found</title></head><body>nginx</body></html>", "retry"],
    [403, "<html><body><h1>403 Forbidden</h1></body></html>", "retry"],
    [405, "Method Not Allowed", "retry"],
    [413, "<html><head><title>413 Request Entity Too Large</title></head></html>", "retry"],
    [404, { message: "not found" }, "retry"],
    [409, null, "retry"],
  ])("%i %j -> %s", (status, body, kind) => {
    expect(judge({ status, body }).kind).toBe(kind);
  });

  it("says what the non-API answer was, so the log points at the proxy", () => {
    expect(judge({ status: 413, body: "<html><head><title>413 Request Entity Too Large</title></head></html>" })).toMatchObject({
      why: expect.stringMatching(/HTTP 413 that is not an answer of the portal's API \("413 Request Entity Too Large"\).*proxy/),
    });
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
    const logs: string[] = [];
    const sender = new Sender({ queue, client: () => portal.client, log: (l) => logs.push(l) });
    expect(await sender.deliverPass()).toEqual({ waitMs: 17_000, interruptible: false, empty: false });
    expect(queue.size()).toBe(1);
    expect(logs).toEqual([expect.stringMatching(/asked to wait \(429 rate_limited: rate_limited\); waiting 17\.0 s/)]);
  });

  it("retries and reports a proxy's HTML page instead of setting the segment aside", async () => {
    const { queue } = newQueue();
    await queue.add(segment("2024-06-12T10:00:00.000Z"));
    const portal = fakePortal([{ status: 404, body: "<html><title>Not Found</title></html>" }, { status: 201, body: {} }]);
    const logs: string[] = [];
    const problems: Array<string | null> = [];
    const sender = new Sender({ queue, client: () => portal.client, log: (l) => logs.push(l), onProblem: (p) => problems.push(p) });
    expect(await sender.deliverPass()).toMatchObject({ empty: false, probe: { down: false } });
    expect(queue.rejectedCount()).toBe(0);
    expect(problems).toEqual([expect.stringMatching(/HTTP 404 that is not an answer of the portal's API/)]);
    expect(logs).toEqual([expect.stringMatching(/Could not deliver \(HTTP 404 .*"Not Found".*retrying in/)]);
    expect(await sender.deliverPass()).toMatchObject({ empty: true });
    expect(portal.received).toHaveLength(2);
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

  it("after an outage, wakes from a long backoff as soon as /ping answers again, and drains the queue", async () => {
    const { queue } = newQueue();
    const ids = [];
    for (const slot of ["2024-06-12T10:00:00.000Z", "2024-06-12T10:10:00.000Z"]) ids.push((await queue.add(segment(slot))).fields.segmentId);
    const events: string[] = [];
    const portal = createServer(async (req, res) => {
      let body = "";
      for await (const chunk of req) body += String(chunk);
      events.push(`${req.method} ${req.url}${req.headers.authorization ? " with token" : ""}`);
      if (req.url === "/api/tracker/v1/ping") return res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ id: /"segmentId":"([^"]+)"/.exec(body)?.[1] }));
    });
    // A port that refuses connections until the portal "comes back" on it after the first failure.
    const port = await new Promise<number>((resolve) => portal.listen(0, "127.0.0.1", () => resolve((portal.address() as AddressInfo).port)));
    await new Promise<void>((r) => portal.close(() => r()));
    const client = new PortalClient(`http://127.0.0.1:${port}`, "hgt_t");
    const sender = new Sender({
      queue,
      client: () => client,
      // without the probe this wait would be 5 minutes, far beyond the test's timeout
      retryBaseMs: 10 * 60_000,
      random: () => 1,
      probeEveryMs: 50,
      log: (line) => events.push(`log: ${line.split(" (")[0]}`),
      onProblem: (why) => {
        if (why && !portal.listening) portal.listen(port, "127.0.0.1");
      },
    });
    try {
      await sender.run(new AbortController().signal, { untilEmpty: true });
    } finally {
      portal.close();
    }
    expect(queue.size()).toBe(0);
    const woke = events.findIndex((e) => e.startsWith("log: The portal answers again"));
    expect(events[0]).toBe("log: Could not deliver");
    expect(events[woke - 1]).toBe("GET /api/tracker/v1/ping"); // tokenless
    expect(events.slice(woke + 1)).toEqual(["POST /api/tracker/v1/segments with token", "POST /api/tracker/v1/segments with token"]);
  }, 15_000);

  it("probes after a failure only as a wake-up: a portal seen down is woken by its return, one that answered is not", async () => {
    const { queue } = newQueue();
    await queue.add(segment("2024-06-12T10:00:00.000Z"));
    const portal = fakePortal(["down", { status: 503, body: error("internal") }, { status: 429, body: error("rate_limited"), retryAfterMs: 1000 }]);
    const sender = new Sender({ queue, client: () => portal.client, log: () => undefined });
    expect((await sender.deliverPass()).probe).toEqual({ down: true });
    expect((await sender.deliverPass()).probe).toEqual({ down: false });
    expect((await sender.deliverPass()).probe).toBeUndefined(); // the portal asked to wait: no early wake
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

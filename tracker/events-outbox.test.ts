import { mkdtempSync, readdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { PortalClient } from "./api-client";
import { EventsOutbox } from "./events-outbox";
import { SegmentQueue } from "./queue";
import { Sender } from "./sender";
import { deliveryFor } from "./run";
import type { RecordedSegment } from "./session";

const contractId = randomUUID();
const stoppedAt = "2024-06-12T10:23:00.000Z";

interface Received {
  method: string;
  url: string;
  token: string | undefined;
  body: string;
}

/** A real HTTP portal on a free local port, answering each request with the next scripted answer (201 once they run out). */
async function portal(answers: Array<{ status: number; body: unknown; headers?: Record<string, string> }>) {
  const received: Received[] = [];
  const server: Server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    received.push({ method: req.method ?? "", url: req.url ?? "", token: req.headers.authorization, body: req.headers["content-type"]?.startsWith("application/json") ? body : "(multipart)" });
    const next = answers.shift() ?? { status: 201, body: { recorded: true } };
    res.writeHead(next.status, { "content-type": "application/json", ...next.headers }).end(JSON.stringify(next.body));
  });
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
  servers.push(server);
  return { url: `http://127.0.0.1:${port}`, port, received, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => (s.listening ? s.close(() => r()) : r()))));
});

function setup(url: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "tracker-events-"));
  const queue = new SegmentQueue(path.join(dir, "queue"), path.join(dir, "rejected"));
  const events = new EventsOutbox(path.join(dir, "events"));
  const logs: string[] = [];
  const client = new PortalClient(url, "hgt_events");
  const sender = new Sender({ queue, events, client: () => client, log: (l) => logs.push(l), random: () => 1, probeEveryMs: 0 });
  return { dir, queue, events, sender, logs };
}

const stopped = { kind: "stopped_idle" as const, at: stoppedAt, contractId };
const apiError = (status: number, code: string) => ({ status, body: { error: { code, message: `${code} message` } } });

describe("EventsOutbox", () => {
  it("keeps an event on disk, oldest first, across a restart, until it is removed", () => {
    const { dir, events } = setup("http://127.0.0.1:9");
    events.add({ ...stopped, at: "2024-06-12T11:00:00.000Z" });
    events.add(stopped);
    events.add(stopped); // the same stop twice is one entry
    const again = new EventsOutbox(path.join(dir, "events"));
    expect(again.list().map((e) => e.event.at)).toEqual([stoppedAt, "2024-06-12T11:00:00.000Z"]);
    again.remove(again.list()[0]!);
    expect(events.size()).toBe(1);
    expect(readdirSync(path.join(dir, "events")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("delivering events", () => {
  it("posts the event with the token after the queued segments, and forgets it once the portal took it", async () => {
    const p = await portal([]);
    const { queue, events, sender } = setup(p.url);
    const segment: RecordedSegment = {
      fields: { segmentId: randomUUID(), contractId, slotStart: "2024-06-12T10:10:00.000Z", screenshotTakenAt: "2024-06-12T10:12:00.000Z", keyboardCounts: Array(10).fill(1), mouseCounts: Array(10).fill(0), memo: "m" },
      screenshot: { bytes: Buffer.from("jpeg"), contentType: "image/jpeg" },
    };
    events.add(stopped);
    await queue.add(segment);
    const pass = await sender.deliverPass();
    expect(pass.empty).toBe(true);
    expect(p.received.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /api/tracker/v1/segments", "POST /api/tracker/v1/events"]);
    expect(p.received[1]!.token).toBe("Bearer hgt_events");
    expect(JSON.parse(p.received[1]!.body)).toEqual(stopped);
    expect(events.size()).toBe(0);
  });

  it("keeps the event and retries on a 5xx, a 429 and an unreachable portal; sends it once the portal takes it", async () => {
    const p = await portal([apiError(503, "internal"), { ...apiError(429, "rate_limited"), headers: { "retry-after": "2" } }]);
    const { events, sender } = setup(p.url);
    events.add(stopped);

    const first = await sender.deliverPass();
    expect(first).toMatchObject({ empty: false, interruptible: false });
    expect(events.size()).toBe(1);

    const second = await sender.deliverPass();
    expect(second).toMatchObject({ empty: false, waitMs: 2000 });
    expect(events.size()).toBe(1);

    await new Promise<void>((r) => p.server.close(() => r()));
    const third = await sender.deliverPass();
    expect(third).toMatchObject({ empty: false, probe: { down: true } });
    expect(events.size()).toBe(1);

    // the portal is back on the same port
    await new Promise<void>((r) => p.server.listen(p.port, "127.0.0.1", () => r()));
    expect(await sender.deliverPass()).toMatchObject({ empty: true });
    expect(events.size()).toBe(0);
    expect(p.received.filter((r) => r.url === "/api/tracker/v1/events")).toHaveLength(3);
  });

  it("drops an event the API itself refuses (422: more than a day old), with a log line", async () => {
    const p = await portal([apiError(422, "validation_failed")]);
    const { events, sender, logs } = setup(p.url);
    events.add(stopped);
    expect(await sender.deliverPass()).toMatchObject({ empty: true });
    expect(events.size()).toBe(0);
    expect(logs.join("\n")).toContain(`The portal refused the stopped_idle event of ${stoppedAt} (422 validation_failed`);
  });

  it("keeps the event when the refusal is not the API's own (a proxy's HTML 404)", async () => {
    const p = await portal([{ status: 404, body: "<html><title>Not Found</title></html>" }]);
    const { events, sender } = setup(p.url);
    events.add(stopped);
    expect(await sender.deliverPass()).toMatchObject({ empty: false });
    expect(events.size()).toBe(1);
  });

  it("the tracker's delivery owes the portal an event for an idle stop only", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tracker-events-"));
    const delivery = deliveryFor(dir, () => undefined, {});
    delivery.stoppedByItself(contractId, { reason: "stopped", at: Date.parse(stoppedAt), message: "" });
    delivery.stoppedByItself(contractId, { reason: "asleep", at: Date.parse(stoppedAt), message: "" });
    expect(delivery.events.size()).toBe(0);
    delivery.stoppedByItself(contractId, { reason: "idle", at: Date.parse(stoppedAt), message: "" });
    expect(delivery.events.list().map((e) => e.event)).toEqual([stopped]);
  });
});

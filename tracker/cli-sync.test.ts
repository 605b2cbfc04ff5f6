// `sync --retry-rejected` and what `status` says after an unclean end, run through the CLI's main()
// against a real local HTTP portal.
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paths, saveConfig, saveState } from "./config";
import { SegmentQueue } from "./queue";
import { EventsOutbox } from "./events-outbox";
import { runCli } from "./testing/run-cli";

const received: string[] = [];
const keyRequests: string[] = [];
const DEVICE = "5f0c7a4e-2222-4b7d-8a43-0a3c1b2c3d4e";
const portal = createServer(async (req, res) => {
  let body = "";
  for await (const chunk of req) body += String(chunk);
  const json = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
  // R15.1 a token signed in before device keys: /me names the device without a key, PUT /key registers one
  if (req.url === "/api/tracker/v1/me") {
    return json(200, {
      user: { id: "0b6f3c1e-1111-4a7d-9a43-0a3c1b2c3d4e", name: "Fiona", email: "f@x.test", timezone: "UTC" },
      serverTime: new Date().toISOString(),
      device: { id: DEVICE, keyId: null },
      portal: { version: "0.1.0", testModes: false },
      contracts: [],
    });
  }
  if (req.url === "/api/tracker/v1/key") {
    keyRequests.push(body);
    return json(200, { keyId: "k" });
  }
  const signature = /"signature":"([^"]+)"/.exec(body)?.[1];
  received.push((/"segmentId":"([^"]+)"/.exec(body)?.[1] ?? req.url ?? "") + (body.includes('"segmentId"') && !signature ? " (unsigned)" : ""));
  json(201, {});
});
let base = "";
beforeAll(async () => {
  await new Promise<void>((r) => portal.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => portal.close(() => r())));

const cli = runCli;

describe("hourglass-tracker sync and status", () => {
  it("sync --retry-rejected sends what was set aside with the same segment ids; status then stops warning about the unclean end", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "tracker-sync-"));
    const dir = path.join(home, "hourglass");
    saveConfig({ portalUrl: base, token: "hgt_t" }, dir);
    const queue = new SegmentQueue(paths(dir).queue, paths(dir).rejected);
    const ids: string[] = [];
    for (const slotStart of ["2024-06-12T10:00:00.000Z", "2024-06-12T10:10:00.000Z"]) {
      const fields = { segmentId: randomUUID(), contractId: randomUUID(), slotStart, screenshotTakenAt: slotStart, keyboardCounts: Array(10).fill(0), mouseCounts: Array(10).fill(0), memo: "m" };
      ids.push(fields.segmentId);
      queue.reject(await queue.add({ fields, screenshot: { bytes: Buffer.from("jpg"), contentType: "image/jpeg" } }), { status: 404, body: "<html>proxy</html>" });
    }
    // a tracker that died while tracking (its process id no longer alive)
    saveState({ pid: 2 ** 22 + 17, running: true, contractId: randomUUID(), contractTitle: "Logo", memo: "", backend: "x11", speed: 1, startedAt: "2024-06-12T10:00:00.000Z" }, dir);
    await queue.add({ fields: { segmentId: randomUUID(), contractId: randomUUID(), slotStart: "2024-06-12T10:20:00.000Z", screenshotTakenAt: "2024-06-12T10:20:00.000Z", keyboardCounts: Array(10).fill(0), mouseCounts: Array(10).fill(0), memo: "m" }, screenshot: { bytes: Buffer.from("jpg"), contentType: "image/jpeg" } });
    expect((await cli(home, "status")).stdout).toMatch(/ended without stopping cleanly/);

    const synced = await cli(home, "sync", "--retry-rejected");
    expect(synced.code).toBe(0);
    expect(synced.stdout).toMatch(/2 segment\(s\) the portal had refused are queued again\.\nDelivered 3 of 3\./);
    expect(received.slice(0, 2)).toEqual(ids);
    // R15.1 entries queued before device keys were signed when sent, after registering the key once
    expect(received.filter((r) => r.endsWith("(unsigned)"))).toEqual([]);
    expect(keyRequests).toHaveLength(1);
    expect([queue.size(), queue.rejectedCount()]).toEqual([0, 0]);

    const status = (await cli(home, "status")).stdout;
    expect(status).toMatch(/Not tracking\./);
    expect(status).not.toMatch(/without stopping cleanly/);
  });

  it("sync also tells the portal of a stop for inactivity it was not told of (R16.4)", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "tracker-sync-"));
    const dir = path.join(home, "hourglass");
    saveConfig({ portalUrl: base, token: "hgt_t" }, dir);
    const events = new EventsOutbox(path.join(dir, "events"));
    events.add({ kind: "stopped_idle", at: "2024-06-12T10:30:00.000Z", contractId: randomUUID() });
    received.length = 0;

    const synced = await cli(home, "sync");
    expect(synced.stdout).toBe("The portal was told that tracking stopped for inactivity.\n");
    expect(received).toEqual(["/api/tracker/v1/events"]);
    expect(events.size()).toBe(0);
  });
});

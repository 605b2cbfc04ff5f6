// The window's idle stop (R2.4) is told to the portal (R16.4): the controller in --simulate mode,
// against a real local HTTP portal, posts one stopped_idle event after its segments.
import { mkdtempSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { saveConfig } from "../config";
import { AppController } from "./controller";

const CONTRACT = "7b0b7c1e-8f63-4d7a-9a43-0a3c1b2c3d4e";
const posted: Array<{ url: string; body: string }> = [];
const portal = createServer(async (req, res) => {
  let body = "";
  for await (const chunk of req) body += String(chunk);
  const json = (status: number, answer: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(answer));
  if (req.url === "/api/tracker/v1/me") {
    return json(200, {
      user: { id: "0b6f3c1e-1111-4a7d-9a43-0a3c1b2c3d4e", name: "Fiona", email: "f@x.test", timezone: "UTC" },
      serverTime: new Date().toISOString(),
      portal: { version: "0.1.0", testModes: true },
      contracts: [{ id: CONTRACT, title: "Logo refresh", clientName: "Carl", hourlyRateCents: 3000, manualTimeAllowed: false, weeklyLimitHours: 20, minutesToday: 0, minutesThisWeek: 0, unreadMessages: 0, diaryPath: "/diary?contract=x", messagesPath: "/messages/1" }],
    });
  }
  if (req.method === "POST") posted.push({ url: req.url ?? "", body: req.url === "/api/tracker/v1/events" ? body : "" });
  json(201, {});
});
let base = "";
beforeAll(async () => {
  await new Promise<void>((r) => portal.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => portal.close(() => r()));
});

/** Polls until `check` returns a value (no fixed sleeps). */
const until = <T>(check: () => T | null | undefined | false) =>
  vi.waitFor(
    () => {
      const value = check();
      if (!value) throw new Error("not yet");
      return value;
    },
    { timeout: 30_000, interval: 50 },
  );

it("a window that stops itself for inactivity tells the portal once, after the segments", async () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "tracker-window-idle-")), "hourglass");
  saveConfig({ portalUrl: base, token: "hgt_t" }, dir);
  // 200x from two hours ago: the simulated person stops after 12 minutes, the tracker 10 minutes later.
  // Choice: not faster: the simulated person types only while its loop runs, so at 600x a 1 s stall of a
  // loaded machine was 10 silent minutes and the tracker stopped early (seen in CI beside the e2e run).
  const fromMs = Math.floor((Date.now() - 2 * 3_600_000) / 600_000) * 600_000 + 1_000;
  const app = new AppController(dir, { simulate: true, speed: 200, fromMs, idleAfterMinutes: 12 }, () => undefined);
  app.start();
  try {
    await app.refresh();
    await app.startTracking({ contractId: CONTRACT, memo: "Logo drafts" });
    const event = await until(() => posted.find((p) => p.url === "/api/tracker/v1/events"));
    expect(JSON.parse(event.body)).toEqual({ kind: "stopped_idle", at: expect.any(String), contractId: CONTRACT });
    const at = Date.parse(JSON.parse(event.body).at);
    expect(at).toBeGreaterThanOrEqual(fromMs + 20 * 60_000);
    expect(app.state()).toMatchObject({ tracking: null });
    // the segments went first; nothing is left on disk
    expect(posted.at(-1)).toBe(event);
    expect(posted.filter((p) => p.url === "/api/tracker/v1/segments").length).toBeGreaterThan(0);
    await until(() => readdirSync(path.join(dir, "events")).length === 0);
    expect(posted.filter((p) => p.url === "/api/tracker/v1/events")).toHaveLength(1);
  } finally {
    await app.shutdown(0);
  }
}, 60_000);

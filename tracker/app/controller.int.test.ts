// The window's controller with the real X11 backend under Xvfb, against a real local HTTP portal:
// the sped-up test mode only where the portal allows it, the preview of a real screenshot, and
// its deletion before the slot ends.
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveConfig } from "../config";
import { ensureX11TestTools, startXvfb, type Xvfb } from "../testing/xvfb";
import { AppController } from "./controller";
import { loadSettings, saveSettings } from "./settings";

const CONTRACT = "7b0b7c1e-8f63-4d7a-9a43-0a3c1b2c3d4e";
let testModes = false;
const portal = createServer(async (req, res) => {
  for await (const _chunk of req);
  const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  if (req.url === "/api/tracker/v1/me" && req.headers.authorization === "Bearer hgt_revoked") {
    return json(401, { error: { code: "unauthenticated", message: "Unknown or revoked tracker token." } });
  }
  if (req.url === "/api/tracker/v1/me") {
    return json(200, {
      user: { id: "0b6f3c1e-1111-4a7d-9a43-0a3c1b2c3d4e", name: "Fiona", email: "f@x.test", timezone: "UTC" },
      serverTime: new Date().toISOString(),
      portal: { version: "0.1.0", testModes },
      contracts: [{ id: CONTRACT, title: "Logo refresh", clientName: "Carl", hourlyRateCents: 3000, manualTimeAllowed: false, weeklyLimitHours: 20, minutesToday: 70, minutesThisWeek: 400, unreadMessages: 2, diaryPath: "/diary?contract=x", messagesPath: "/messages/1" }],
    });
  }
  json(201, {});
});
let base = "";
let xvfb: Xvfb;
const savedDisplay = process.env.DISPLAY;
beforeAll(async () => {
  ensureX11TestTools();
  xvfb = await startXvfb();
  process.env.DISPLAY = xvfb.display;
  await new Promise<void>((r) => portal.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
});
afterAll(async () => {
  process.env.DISPLAY = savedDisplay;
  await new Promise<void>((r) => portal.close(() => r()));
  await xvfb?.stop();
});

function controller(token = "hgt_t"): AppController {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "tracker-window-")), "hourglass");
  saveConfig({ portalUrl: base, token }, dir);
  // Nobody types on this X server: with the default 10-minute limit (10 s here) tracking could stop
  // itself for inactivity before the first screenshot (R2.4), so the limit is the longest allowed.
  saveSettings({ ...loadSettings(dir), idleMinutes: 60 }, dir);
  // 60x: a 10-minute slot lasts 10 s; from two hours ago, so no slot is in the portal's future.
  return new AppController(dir, { simulate: false, speed: 60, fromMs: Date.now() - 2 * 3_600_000 }, () => undefined);
}

async function until<T>(check: () => T | null | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

type State = {
  contracts: Array<{ weeklyLimitHours: number; minutesToday: number; unreadMessages: number; diaryUrl: string }>;
  tracking: { slot: { start: string } | null } | null;
  preview: { slotStart: string; imageUrl: string | null; deletable: boolean; discarded: boolean } | null;
};

describe("the tracker window's controller", () => {
  it("asks to sign in again when the portal refuses the stored token (revoked device)", async () => {
    const app = controller("hgt_revoked");
    await app.refresh();
    expect(app.state()).toMatchObject({ tokenRefused: true, profileError: expect.stringMatching(/Sign in again/), contracts: [] });
    await expect(app.startTracking({ contractId: CONTRACT, memo: "" })).rejects.toThrow(/Sign in again/);
    await app.signInWithToken({ portalUrl: base, token: "hgt_t" });
    expect(app.state()).toMatchObject({ tokenRefused: false, profileError: null, contracts: [{ title: "Logo refresh" }] });
    await app.shutdown(0);
  });

  it("refuses the sped-up test mode when the portal is in production", async () => {
    testModes = false;
    const app = controller();
    await app.refresh();
    await expect(app.startTracking({ contractId: CONTRACT, memo: "x" })).rejects.toThrow(/test mode and is refused/);
    expect((app.state() as State).tracking).toBeNull();
    await app.shutdown(0);
  });

  it("tracks with the real X11 screen at a sped-up clock, previews the screenshot and deletes it before the slot ends", async () => {
    testModes = true;
    const app = controller();
    await app.refresh();
    const listed = (app.state() as State).contracts[0];
    expect(listed).toMatchObject({ weeklyLimitHours: 20, minutesToday: 70, unreadMessages: 2, diaryUrl: `${base}/diary?contract=x` });
    try {
      await app.startTracking({ contractId: CONTRACT, memo: "Logo drafts" });
      // The first screenshot comes within two slots (20 s at 60x); on a loaded CI machine give it longer.
      const preview = await until(() => (app.state() as State).preview, 90_000);
      const image = app.previewImage();
      expect(image?.contentType).toBe("image/jpeg");
      expect(image?.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(preview.imageUrl).toMatch(/^api\/preview\?v=\d+$/);
      // Delete it while its slot runs (a screenshot in the slot's last moments may end it first: then the next).
      const deleted = await until(() => {
        const p = (app.state() as State).preview;
        if (!p?.deletable) return null;
        try {
          app.discardScreenshot({ slotStart: p.slotStart });
          return p.slotStart;
        } catch {
          return null;
        }
      }, 90_000);
      const after = (app.state() as State).preview;
      expect(after).toMatchObject({ slotStart: deleted, discarded: true, imageUrl: null, deletable: false });
      expect(app.previewImage()).toBeNull();
      expect(() => app.discardScreenshot({ slotStart: "2024-01-01T00:00:00.000Z" })).toThrow(/has ended/);
    } finally {
      await app.shutdown(0);
    }
    expect((app.state() as State).tracking).toBeNull();
  }, 180_000);
});

// `hourglass-tracker start` flags with the real X11 backend under Xvfb, against a real local HTTP
// portal: the short-slot test mode only where the portal allows it, and --idle-after (R2.4).
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadState, saveConfig } from "./config";
import { captureRefusal } from "./cli";
import { ensureX11TestTools, startXvfb, type Xvfb } from "./testing/xvfb";

const CONTRACT = "7b0b7c1e-8f63-4d7a-9a43-0a3c1b2c3d4e";
let testModes = false;
const posted: string[] = [];
const portal = createServer(async (req, res) => {
  for await (const _chunk of req);
  const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  if (req.url === "/api/tracker/v1/me") {
    return json(200, {
      user: { id: "0b6f3c1e-1111-4a7d-9a43-0a3c1b2c3d4e", name: "Fiona", email: "f@x.test", timezone: "UTC" },
      serverTime: new Date().toISOString(),
      portal: { version: "0.1.0", testModes },
      contracts: [{ id: CONTRACT, title: "Logo refresh", clientName: "Carl", hourlyRateCents: 3000, manualTimeAllowed: false, weeklyLimitHours: null, minutesToday: 0, minutesThisWeek: 0, unreadMessages: 0, diaryPath: "/d", messagesPath: "/m" }],
    });
  }
  if (req.url === "/api/tracker/v1/segments") posted.push(req.url);
  json(201, {});
});
let base = "";
let xvfb: Xvfb;
beforeAll(async () => {
  ensureX11TestTools();
  xvfb = await startXvfb();
  await new Promise<void>((r) => portal.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => portal.close(() => r()));
  await xvfb?.stop();
});

function tracker(home: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "tracker/cli.ts", ...args], { env: { ...process.env, XDG_CONFIG_HOME: home, DISPLAY: xvfb.display, WAYLAND_DISPLAY: "" }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function loggedIn(): string {
  const home = mkdtempSync(path.join(tmpdir(), "tracker-start-"));
  saveConfig({ portalUrl: base, token: "hgt_t" }, path.join(home, "hourglass"));
  return home;
}

const twoHoursAgo = () => new Date(Date.now() - 2 * 3_600_000).toISOString();

describe("hourglass-tracker start with the real X11 screen", () => {
  it("refuses the sped-up test mode when the portal runs in production", async () => {
    testModes = false;
    const home = loggedIn();
    const run = await tracker(home, "start", "Logo", "--memo", "x", "--speed", "60", "--from", twoHoursAgo(), "--foreground");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--speed\/--from with the real screen is a test mode and is refused: this portal runs in production/);
    expect(loadState(path.join(home, "hourglass"))).toBeNull(); // nothing started
  });

  it("in test mode on a test portal, --idle-after 1 stops the real X11 tracker after one quiet minute and sends no idle slot", async () => {
    testModes = true;
    const home = loggedIn();
    const run = await tracker(home, "start", "Logo", "--memo", "x", "--speed", "60", "--from", twoHoursAgo(), "--idle-after", "1", "--monitors", "all", "--foreground");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Test mode: clock from .*60x real time/);
    expect(loadState(path.join(home, "hourglass"))).toMatchObject({ running: false, backend: "x11", speed: 60, stopReason: "idle" });
    expect(run.stdout).toMatch(/stopped by itself at .* after 1 minutes? without keyboard or mouse input/);
    expect(posted).toEqual([]);
  }, 60_000);

  it.each([
    [["--idle-after", "0"], /--idle-after takes whole minutes from 1 to 60, not "0"/],
    [["--idle-after", "2.5"], /--idle-after takes whole minutes from 1 to 60/],
    [["--idle-after", "61"], /--idle-after takes whole minutes from 1 to 60/],
    [["--monitors", "left"], /--monitors must be pointer .* or all/],
    [["--simulate-quiet-after", "5"], /--simulate-quiet-after works with --simulate only/],
  ])("names the flag in its refusal: %j", async (flags, message) => {
    const run = await tracker(loggedIn(), "start", "Logo", ...flags);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
  });
});

describe("where the real screen cannot be captured", () => {
  it("says only --simulate runs on Windows and macOS, and that Wayland needs XWayland", () => {
    expect(captureRefusal(false, "win32", {})).toMatch(/cannot capture the screen on Windows yet: only --simulate runs there/);
    expect(captureRefusal(false, "darwin", {})).toMatch(/on macOS yet: only --simulate/);
    expect(captureRefusal(false, "linux", { WAYLAND_DISPLAY: "wayland-0" })).toMatch(/Wayland session without XWayland.*turn XWayland on/);
    expect(captureRefusal(false, "linux", { WAYLAND_DISPLAY: "wayland-0", DISPLAY: ":0" })).toBeNull(); // XWayland is there
    expect(captureRefusal(true, "darwin", {})).toBeNull();
  });
});

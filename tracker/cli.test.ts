import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { pickContract } from "./cli";
import { configDir, loadConfig, loadState, normalisePortalUrl, paths, saveConfig } from "./config";
import type { TrackerProfile } from "../lib/validation/tracker";

const profile: TrackerProfile = {
  user: { id: "u", name: "Fiona", email: "f@x", timezone: "UTC" },
  serverTime: "2024-06-12T15:05:00.000Z",
  portal: { version: "0.1.0", testModes: true },
  contracts: [
    { id: "11111111-1111-4111-8111-111111111111", title: "Mobile app development", clientName: "Clara", hourlyRateCents: 4500, manualTimeAllowed: false, weeklyLimitHours: null, minutesToday: 0, minutesThisWeek: 0, unreadMessages: 0, diaryPath: "/diary", messagesPath: "/messages" },
    { id: "22222222-2222-4222-8222-222222222222", title: "Mobile website", clientName: "Carl", hourlyRateCents: 3000, manualTimeAllowed: false, weeklyLimitHours: null, minutesToday: 0, minutesThisWeek: 0, unreadMessages: 0, diaryPath: "/diary", messagesPath: "/messages" },
    { id: "33333333-3333-4333-8333-333333333333", title: "Logo refresh", clientName: "Carl", hourlyRateCents: 6000, manualTimeAllowed: false, weeklyLimitHours: null, minutesToday: 0, minutesThisWeek: 0, unreadMessages: 0, diaryPath: "/diary", messagesPath: "/messages" },
  ],
};

describe("tracker CLI", () => {
  it("picks a contract by number, id, title or unique beginning of a title", () => {
    expect(pickContract(profile, "2").title).toBe("Mobile website");
    expect(pickContract(profile, "33333333-3333-4333-8333-333333333333").title).toBe("Logo refresh");
    expect(pickContract(profile, "logo refresh").title).toBe("Logo refresh");
    expect(pickContract(profile, "Mobile app").title).toBe("Mobile app development");
    expect(() => pickContract(profile, "Mobile")).toThrow(/matches "Mobile app development", "Mobile website"/);
    expect(() => pickContract(profile, "Data cleanup")).toThrow(/No active contract/);
    expect(() => pickContract(profile, "9")).toThrow(/No active contract/);
  });

  it("keeps its files in $XDG_CONFIG_HOME/hourglass, else ~/.config/hourglass, the token readable by the user only", () => {
    expect(configDir({ XDG_CONFIG_HOME: "/x/conf" })).toBe("/x/conf/hourglass");
    expect(configDir({ XDG_CONFIG_HOME: "relative/ignored", HOME: "/home/f" })).toMatch(/\.config\/hourglass$/);
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "tracker-conf-")), "hourglass");
    saveConfig({ portalUrl: "https://portal.example", token: "hgt_secret" }, dir);
    expect(loadConfig(dir)).toEqual({ portalUrl: "https://portal.example", token: "hgt_secret" });
    expect(statSync(paths(dir).config).mode & 0o777).toBe(0o600);
  });

  it("normalises the portal URL", () => {
    expect(normalisePortalUrl("https://hourglass.example.com/")).toBe("https://hourglass.example.com");
    expect(normalisePortalUrl("127.0.0.1:3000")).toBe("http://127.0.0.1:3000");
    expect(() => normalisePortalUrl("ftp://x")).toThrow(/http/);
  });
});

describe("tracker start without a desktop", () => {
  it("fails with a clear message, and exit code 1, when there is no X display", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "tracker-home-"));
    saveConfig({ portalUrl: "http://127.0.0.1:1", token: "hgt_x" }, path.join(home, "hourglass"));
    const saved = { XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME, DISPLAY: process.env.DISPLAY };
    process.env.XDG_CONFIG_HOME = home;
    delete process.env.DISPLAY;
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (errors.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      vi.resetModules();
      const { main } = await import("./cli");
      const code = await main(["start", "7b0b7c1e-8f63-4d7a-9a43-0a3c1b2c3d4e", "--memo", "x", "--foreground"]);
      expect(code).toBe(1);
      expect(errors.join("")).toMatch(/No X display: DISPLAY is not set.*--simulate/);
      expect(loadState(path.join(home, "hourglass"))).toMatchObject({ running: false, stopReason: "error" });
    } finally {
      process.stderr.write = write;
      process.env.XDG_CONFIG_HOME = saved.XDG_CONFIG_HOME;
      if (saved.DISPLAY !== undefined) process.env.DISPLAY = saved.DISPLAY;
    }
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSettings, saveSettings, settingsPatch } from "./settings";

describe("the tracker window's settings", () => {
  it("start from the defaults: notifications on, the monitor under the pointer, R2.4's 10 minutes", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hourglass-settings-"));
    expect(loadSettings(dir)).toEqual({ notifyOnScreenshot: true, monitors: "pointer", idleMinutes: 10 });
  });

  it("persist in the config folder and come back", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hourglass-settings-"));
    saveSettings({ notifyOnScreenshot: false, monitors: "all", idleMinutes: 25 }, dir);
    expect(loadSettings(dir)).toEqual({ notifyOnScreenshot: false, monitors: "all", idleMinutes: 25 });
  });

  it("refuse invalid values with a message, and ignore a damaged file", () => {
    expect(() => settingsPatch({ idleMinutes: 0 })).toThrow(/from 1 to 60/);
    expect(() => settingsPatch({ idleMinutes: 61 })).toThrow(/from 1 to 60/);
    expect(() => settingsPatch({ idleMinutes: 2.5 })).toThrow(/whole number/);
    expect(() => settingsPatch({ monitors: "left" })).toThrow(/pointer/);
    expect(() => settingsPatch({ notifyOnScreenshot: "yes" })).toThrow(/true or false/);
    expect(settingsPatch({ idleMinutes: "15", other: 1 })).toEqual({ idleMinutes: 15 });
    const dir = mkdtempSync(path.join(tmpdir(), "hourglass-settings-"));
    writeFileSync(path.join(dir, "tracker-window-settings.json"), "{not json");
    expect(loadSettings(dir).idleMinutes).toBe(10);
  });
});

// The window's settings, kept in the config folder (tracker-window-settings.json).
import { readFileSync } from "node:fs";
import path from "node:path";
import { RULES } from "../../lib/config/rules";
import { paths, writeFileAtomic } from "../config";

export interface AppSettings {
  /** a desktop notification (notify-send) on each screenshot */
  notifyOnScreenshot: boolean;
  /** the monitor under the pointer, or all monitors */
  monitors: "pointer" | "all";
  /** R2.4 minutes without input before tracking stops itself */
  idleMinutes: number;
}

/** Choice: the longest inactivity limit a freelancer may set; longer would bill a forgotten tracker. */
const IDLE_MINUTES_MAX = 60;

// Choice: a notification on each screenshot (as Upwork shows one), and the monitor under the pointer as the CLI does, by default.
const DEFAULTS: AppSettings = { notifyOnScreenshot: true, monitors: "pointer", idleMinutes: RULES.tracking.inactivityStopMinutes };

const file = (dir: string) => path.join(paths(dir).dir, "tracker-window-settings.json");

/** The valid fields of `input`; throws with a message the window shows for an invalid one. */
export function settingsPatch(input: unknown): Partial<AppSettings> {
  const given = (input ?? {}) as Record<string, unknown>;
  const patch: Partial<AppSettings> = {};
  if (given.notifyOnScreenshot !== undefined) {
    if (typeof given.notifyOnScreenshot !== "boolean") throw new Error("notifyOnScreenshot is true or false.");
    patch.notifyOnScreenshot = given.notifyOnScreenshot;
  }
  if (given.monitors !== undefined) {
    if (given.monitors !== "pointer" && given.monitors !== "all") throw new Error('Monitors are "pointer" or "all".');
    patch.monitors = given.monitors;
  }
  if (given.idleMinutes !== undefined) {
    const minutes = Number(given.idleMinutes);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > IDLE_MINUTES_MAX) throw new Error(`The inactivity limit is a whole number of minutes from 1 to ${IDLE_MINUTES_MAX}.`);
    patch.idleMinutes = minutes;
  }
  return patch;
}

export function loadSettings(dir: string): AppSettings {
  try {
    return { ...DEFAULTS, ...settingsPatch(JSON.parse(readFileSync(file(dir), "utf8"))) };
  } catch {
    // missing or damaged: the defaults
    return { ...DEFAULTS };
  }
}

export function saveSettings(settings: AppSettings, dir: string): void {
  writeFileAtomic(file(dir), `${JSON.stringify(settings, null, 2)}\n`, 0o600);
}

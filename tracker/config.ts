// Where the tracker keeps its settings, its state and its offline queue: the
// user's config folder ($XDG_CONFIG_HOME/hourglass, else ~/.config/hourglass).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { isTrackerCommandLine } from "./self";

export interface TrackerConfig {
  portalUrl: string;
  token: string;
  /**
   * R15.1 the device this token is (GET /me device.id) and the id of this installation's key registered for it;
   * absent until the key is registered (a token signed in before device keys: registered at its first use)
   */
  device?: { id: string; keyId: string };
}

export type StopReason = "idle" | "stopped" | "asleep" | "error";

/** What the running tracker tells `status` (and what the last run left behind). */
export interface TrackerState {
  pid: number;
  running: boolean;
  contractId: string;
  contractTitle: string;
  /** the memo the running slot carries */
  memo: string;
  /** a memo changed in the window while tracking: the slots from the next one carry it (absent when unchanged) */
  nextMemo?: string;
  backend: "x11" | "simulate";
  speed: number;
  startedAt: string;
  /** the tracker's clock (simulated in --simulate) when the state was written */
  clockAt?: string;
  currentSlot?: { slotStart: string; screenshotTaken: boolean };
  stoppedAt?: string;
  stopReason?: StopReason;
  /** what the tracker said when it stopped, e.g. that it stopped itself after 10 idle minutes */
  message?: string;
  lastDelivery?: { at: string; segmentId: string; status: number };
  lastError?: string;
  /** true while a stopped tracker is still delivering its queue */
  delivering?: boolean;
}

export function configDir(env: Record<string, string | undefined> = process.env): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(homedir(), ".config");
  return path.join(base, "hourglass");
}

export const paths = (dir = configDir()) => ({
  dir,
  config: path.join(dir, "tracker.json"),
  /** R15.1 this installation's Ed25519 private key (PKCS #8 PEM, mode 0600), never sent anywhere */
  deviceKey: path.join(dir, "device-key.pem"),
  state: path.join(dir, "tracker-state.json"),
  log: path.join(dir, "tracker.log"),
  journal: path.join(dir, "tracker-journal.log"),
  queue: path.join(dir, "queue"),
  rejected: path.join(dir, "rejected"),
});

/** Write-then-rename, so a crash never leaves half a file. */
export function writeFileAtomic(file: string, data: string | Buffer, mode = 0o600): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomUUID()}.tmp`;
  writeFileSync(temp, data, { mode });
  renameSync(temp, file);
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new Error(`${file} is not readable JSON: ${(error as Error).message}`);
  }
}

export function loadConfig(dir = configDir()): TrackerConfig | null {
  return readJson<TrackerConfig>(paths(dir).config);
}

export function saveConfig(config: TrackerConfig, dir = configDir()): void {
  // The token is a secret: only the user may read the file.
  writeFileAtomic(paths(dir).config, `${JSON.stringify(config, null, 2)}\n`, 0o600);
}

/** Forgets the token (sign-out). */
export function removeConfig(dir = configDir()): void {
  rmSync(paths(dir).config, { force: true });
}

export function loadState(dir = configDir()): TrackerState | null {
  return readJson<TrackerState>(paths(dir).state);
}

export function saveState(state: TrackerState, dir = configDir()): void {
  writeFileAtomic(paths(dir).state, `${JSON.stringify(state, null, 2)}\n`);
}

/** Whether a process with this id is alive (signal 0 checks without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether `pid` is a live tracker process: alive, and (where /proc exists) running the tracker
 * (source, bundle or single executable), so a process id reused after a crash is never signalled by mistake.
 */
export function isTrackerAlive(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    return isTrackerCommandLine(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
  } catch {
    return true; // no /proc (macOS): trust the state file
  }
}

/** A portal URL as typed: http(s) only, no trailing slash. */
export function normalisePortalUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.includes("://") ? input : `http://${input}`);
  } catch {
    throw new Error(`"${input}" is not a portal URL (e.g. https://hourglass.example.com).`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("The portal URL must start with http:// or https://.");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

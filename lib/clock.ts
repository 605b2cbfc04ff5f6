// R1.4 the one source of "now" for every rule and job. In test and demo mode HOURGLASS_NOW shifts it
// (launchers turn it into HOURGLASS_CLOCK_OFFSET_MS so all processes agree); production refuses both.
import { appMode, FAKE_CLOCK_VARIABLES } from "./config/environment";

export { appMode } from "./config/environment";
type Env = Record<string, string | undefined>;

/** Offset in ms between the app's clock and the real clock, validated for the mode. */
export function clockOffsetMs(env: Env = process.env, realNow = Date.now()): number {
  const offset = env.HOURGLASS_CLOCK_OFFSET_MS;
  const start = env.HOURGLASS_NOW;
  if (offset === undefined && start === undefined) return 0;
  if (appMode(env) === "production") {
    throw new Error(`${FAKE_CLOCK_VARIABLES.join(" / ")} are for test and demo mode only; unset them in production (R1.4).`);
  }
  if (offset !== undefined) {
    const ms = Number(offset);
    if (!Number.isFinite(ms)) throw new Error(`HOURGLASS_CLOCK_OFFSET_MS must be a number of milliseconds, got "${offset}"`);
    return ms;
  }
  const at = Date.parse(start as string);
  if (Number.isNaN(at)) throw new Error(`HOURGLASS_NOW must be an ISO instant such as 2024-06-12T10:00:00Z, got "${start}"`);
  return at - realNow;
}

let cachedOffset: number | undefined;

export function now(): Date {
  cachedOffset ??= clockOffsetMs();
  return new Date(Date.now() + cachedOffset);
}

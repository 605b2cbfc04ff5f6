// The tracker's own version (tracker/package.json, kept equal to the portal's): baked into the bundle and the
// single executable by esbuild's `define` (tracker/build.ts); read from package.json when run from source.
import { readFileSync } from "node:fs";

declare const HOURGLASS_TRACKER_VERSION: string | undefined;

export function runningVersion(): string {
  if (typeof HOURGLASS_TRACKER_VERSION === "string") return HOURGLASS_TRACKER_VERSION;
  return (JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string }).version;
}

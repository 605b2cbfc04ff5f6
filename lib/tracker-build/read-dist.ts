import "server-only";
// The desktop tracker's build folder, as `npm run tracker:build` writes it (tracker/dist, or
// TRACKER_DIST_DIR): version.json lists the files with their size and SHA-256. The Download page
// shows it and app/download/[file] serves it; only names listed there are ever opened.
import { createReadStream, type ReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { PORTAL_VERSION } from "./portal-version";

type Env = Record<string, string | undefined>;

/** What the operator runs to (re)build the tracker, said wherever a build is missing or stale. */
export const BUILD_COMMAND = "npm run tracker:build";
export const LINUX_EXECUTABLE = "hourglass-tracker-linux-x64";
export const NODE_BUNDLE = "hourglass-tracker.cjs";
const CHECKSUM_SUFFIX = ".sha256";
const TEXT = "text/plain; charset=utf-8";

const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "a plain file name");
const versionFileSchema = z.object({
  version: z.string().min(1),
  builtAt: z.string(),
  files: z.array(z.object({ name: fileName, size: z.int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/), platform: z.string() })),
});
export type TrackerBuildFile = z.infer<typeof versionFileSchema>["files"][number];

export type TrackerBuild =
  | { state: "ready"; version: string; builtAt: string; files: TrackerBuildFile[] }
  /** built for another portal version: the portal was upgraded and the tracker not rebuilt */
  | { state: "stale"; version: string; portalVersion: string }
  | { state: "missing"; reason: string };

/** The build folder: TRACKER_DIST_DIR, else tracker/dist, relative to the process's working folder. */
export function trackerDistDir(env: Env = process.env): string {
  // turbopackIgnore: the folder is chosen at run time and read as data, so the build traces none of it.
  return path.resolve(/*turbopackIgnore: true*/ env.TRACKER_DIST_DIR || path.join("tracker", "dist"));
}

/** The build described by version.json, and whether it is this portal's version. */
export async function readTrackerBuild(env: Env = process.env): Promise<TrackerBuild> {
  let text: string;
  try {
    text = await readFile(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ trackerDistDir(env), "version.json"), "utf8");
  } catch {
    return { state: "missing", reason: "The tracker has not been built on this portal yet." };
  }
  let parsed: z.infer<typeof versionFileSchema>;
  try {
    parsed = versionFileSchema.parse(JSON.parse(text));
  } catch {
    return { state: "missing", reason: "The tracker build on this portal is incomplete (its version.json cannot be read)." };
  }
  if (parsed.version !== PORTAL_VERSION) return { state: "stale", version: parsed.version, portalVersion: PORTAL_VERSION };
  return { state: "ready", version: parsed.version, builtAt: parsed.builtAt, files: parsed.files };
}

export type BuildFileAnswer =
  | { kind: "file"; size: number; sha256: string; contentType: string; open: (range?: { start: number; end: number }) => ReadStream }
  | { kind: "text"; body: string; sha256: string; contentType: string }
  | { kind: "not_found" }
  | { kind: "unavailable"; message: string };

/**
 * One file of this portal's build by its name: a file listed in version.json, or its "<name>.sha256"
 * (sha256sum format). Any other name is not found, so no path outside the listing is ever opened.
 */
export async function buildFile(name: string, env: Env = process.env): Promise<BuildFileAnswer> {
  const build = await readTrackerBuild(env);
  if (build.state !== "ready") {
    const why = build.state === "stale" ? `The tracker build here is version ${build.version}, the portal is ${build.portalVersion}.` : build.reason;
    return { kind: "unavailable", message: `${why} The portal's operator must run: ${BUILD_COMMAND}\n` };
  }
  const listed = build.files.find((f) => f.name === name);
  if (listed) {
    const file = path.join(/*turbopackIgnore: true*/ trackerDistDir(env), listed.name);
    const info = await stat(/*turbopackIgnore: true*/ file).catch(() => null);
    // Choice: a file whose size differs from version.json (a build being written, a damaged copy) is not
    // served: its checksum would not match, and curl's download would look fine.
    if (!info?.isFile() || info.size !== listed.size) {
      return { kind: "unavailable", message: `${listed.name} does not match this build's version.json. The portal's operator must run: ${BUILD_COMMAND}\n` };
    }
    const contentType = listed.name.endsWith(CHECKSUM_SUFFIX) ? TEXT : "application/octet-stream";
    return { kind: "file", size: listed.size, sha256: listed.sha256, contentType, open: (range) => createReadStream(/*turbopackIgnore: true*/ file, range) };
  }
  const checked = name.endsWith(CHECKSUM_SUFFIX) ? build.files.find((f) => f.name === name.slice(0, -CHECKSUM_SUFFIX.length)) : undefined;
  if (checked) {
    // Choice: written from version.json (the same line as the build's .sha256 file), so the checksum a
    // freelancer checks against is always the one the page shows and the ETag carries.
    const body = `${checked.sha256}  ${checked.name}\n`;
    return { kind: "text", body, sha256: checked.sha256, contentType: TEXT };
  }
  return { kind: "not_found" };
}

/** "12.3 MB", "840 KB", "512 bytes" (decimal units, as download sizes are usually shown). */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(0)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

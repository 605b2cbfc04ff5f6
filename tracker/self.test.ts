import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { saveConfig } from "./config";
import { isTrackerCommandLine, selfCommand } from "./self";

describe("selfCommand: the tracker runs itself again", () => {
  it.each([
    [
      "from source (tsx puts its loader in execArgv)",
      { execPath: "/usr/bin/node", execArgv: ["--require", "/r/preflight.cjs", "--import", "file:///r/loader.mjs"], argv: ["/usr/bin/node", "/repo/tracker/cli.ts", "start", "x"], isSea: false },
      { command: "/usr/bin/node", args: ["--require", "/r/preflight.cjs", "--import", "file:///r/loader.mjs", "/repo/tracker/cli.ts", "start", "--foreground"] },
    ],
    [
      "from the bundle",
      { execPath: "/usr/bin/node", execArgv: [], argv: ["/usr/bin/node", "/home/f/hourglass-tracker.cjs", "start", "x"], isSea: false },
      { command: "/usr/bin/node", args: ["/home/f/hourglass-tracker.cjs", "start", "--foreground"] },
    ],
    [
      "from the single executable (no script, no Node flags)",
      { execPath: "/home/f/bin/hourglass-tracker-linux-x64", execArgv: [], argv: ["/home/f/bin/hourglass-tracker-linux-x64", "/home/f/bin/hourglass-tracker-linux-x64", "start"], isSea: true },
      { command: "/home/f/bin/hourglass-tracker-linux-x64", args: ["start", "--foreground"] },
    ],
  ])("%s", (_name, shape, expected) => {
    expect(selfCommand(["start", "--foreground"], shape)).toEqual(expected);
  });

  it("runs a real script the way it was run, with its Node flags", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tracker-self-"));
    const script = path.join(dir, "probe.cjs");
    // The script re-runs itself once via selfCommand's answer and prints what the second run saw.
    writeFileSync(
      script,
      `const { execFileSync } = require("node:child_process");
if (process.argv[2] === "again") { process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), flags: process.execArgv })); }
else { const self = JSON.parse(process.env.SELF); process.stdout.write(execFileSync(self.command, self.args)); }`,
    );
    const self = selfCommand(["again", "--foreground"], { execPath: process.execPath, execArgv: ["--max-old-space-size=64"], argv: [process.execPath, script], isSea: false });
    const seen = JSON.parse(execFileSync(process.execPath, ["--max-old-space-size=64", script], { env: { ...process.env, SELF: JSON.stringify(self) }, encoding: "utf8" }));
    expect(seen).toEqual({ argv: ["again", "--foreground"], flags: ["--max-old-space-size=64"] });
  });

  it("recognises the tracker's process by its command line, whichever way it runs", () => {
    expect(isTrackerCommandLine("/usr/bin/node\0--import\0tsx\0tracker/cli.ts\0start\0")).toBe(true);
    expect(isTrackerCommandLine("/usr/bin/node\0/home/f/.local/lib/hourglass-tracker.cjs\0start\0")).toBe(true);
    expect(isTrackerCommandLine("/home/f/bin/hourglass-tracker-linux-x64\0start\0")).toBe(true);
    expect(isTrackerCommandLine("/usr/bin/node\0/srv/other-app/server.js\0")).toBe(false);
  });
});

describe("the bundled tracker starts itself in the background", () => {
  it("start detaches a tracker that status sees and stop ends (the bundle re-runs itself, not tracker/cli.ts)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tracker-bundle-"));
    const bundle = path.join(dir, "hourglass-tracker.cjs");
    // as tracker/build.ts bundles it: one CommonJS file, no module URL
    await build({ entryPoints: [path.resolve("tracker/main.ts")], bundle: true, platform: "node", format: "cjs", target: "node20", define: { "import.meta.url": '""' }, outfile: bundle, logLevel: "silent" });
    const home = path.join(dir, "home");
    saveConfig({ portalUrl: "http://127.0.0.1:1", token: "hgt_x" }, path.join(home, "hourglass")); // offline: segments queue
    const run = (...args: string[]) => execFileSync(process.execPath, [bundle, ...args], { cwd: dir, env: { ...process.env, XDG_CONFIG_HOME: home }, encoding: "utf8", timeout: 60_000 });
    expect(run("start", "7b0b7c1e-8f63-4d7a-9a43-0a3c1b2c3d4e", "--memo", "bundled", "--simulate")).toMatch(/Tracking "7b0b7c1e-.*with a simulated screen/);
    try {
      expect(run("status")).toMatch(/Tracking "7b0b7c1e-8f63-4d7a-9a43-0a3c1b2c3d4e" since .*memo: bundled \(simulate\)/);
    } finally {
      expect(run("stop")).toMatch(/Tracking stopped/);
    }
    expect(run("status")).toMatch(/Not tracking\./);
  }, 90_000);
});

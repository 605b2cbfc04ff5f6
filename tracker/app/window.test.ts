import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openWindow } from "./window";

const saved = { PATH: process.env.PATH, BROWSER: process.env.BROWSER };
afterEach(() => {
  process.env.PATH = saved.PATH;
  if (saved.BROWSER === undefined) delete process.env.BROWSER;
  else process.env.BROWSER = saved.BROWSER;
});

/** A stand-in program that writes down the arguments it was started with. */
function recorder(dir: string, name: string): string {
  const log = path.join(dir, `${name}.log`);
  writeFileSync(path.join(dir, name), `#!/bin/sh\necho "$@" > '${log}'\n`, { mode: 0o755 });
  return log;
}

async function recorded(log: string): Promise<string> {
  for (let i = 0; i < 100 && !existsSync(log); i++) await new Promise((r) => setTimeout(r, 50));
  return readFileSync(log, "utf8").trim();
}

describe("opening the tracker window", () => {
  it("opens a Chromium app window with a profile of its own when Chromium is on PATH", async () => {
    const bin = mkdtempSync(path.join(tmpdir(), "window-bin-"));
    const log = recorder(bin, "chromium");
    process.env.PATH = bin;
    const how = await openWindow("http://127.0.0.1:5000/s/secret/", "/tmp/profile-x");
    expect(how).toBe("app");
    expect(await recorded(log)).toBe("--app=http://127.0.0.1:5000/s/secret/ --user-data-dir=/tmp/profile-x --window-size=420,640 --no-first-run --no-default-browser-check");
  });

  it("falls back to the default browser ($BROWSER here) without Chromium", async () => {
    const bin = mkdtempSync(path.join(tmpdir(), "window-bin-"));
    const log = recorder(bin, "browser");
    process.env.PATH = mkdtempSync(path.join(tmpdir(), "window-empty-"));
    process.env.BROWSER = path.join(bin, "browser");
    expect(await openWindow("http://127.0.0.1:5000/s/secret/", "/tmp/profile-x")).toBe("browser");
    expect(await recorded(log)).toBe("http://127.0.0.1:5000/s/secret/");
  });
});

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openUrl } from "./open-url";

async function waitForFile(file: string): Promise<string> {
  for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 25));
  return readFileSync(file, "utf8");
}

describe("openUrl", () => {
  it("hands the URL to $BROWSER when set", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "open-url-"));
    const browser = path.join(dir, "browser.sh");
    writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > "${dir}/opened.tmp" && mv "${dir}/opened.tmp" "${dir}/opened"\n`, { mode: 0o755 });
    const url = "http://127.0.0.1:3000/device?code=BCDF-GHJK&x=1";
    expect(await openUrl(url, { platform: "linux", env: { BROWSER: browser } })).toBe(true);
    expect(await waitForFile(path.join(dir, "opened"))).toBe(url);
  });

  it("never fails: no opener, or no desktop, is just false (the printed URL is enough)", async () => {
    expect(await openUrl("http://x.test", { platform: "linux", env: { BROWSER: "/nonexistent/browser" } })).toBe(false);
    expect(await openUrl("http://x.test", { platform: "linux", env: {} })).toBe(false);
  });
});

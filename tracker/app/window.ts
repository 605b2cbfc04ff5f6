// Opens the tracker window: a Chromium-family browser in app mode (its own
// window, no tabs or address bar) with a profile of its own under the config
// folder, else the default browser (tracker/open-url.ts).
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { openUrl } from "../open-url";

const APP_BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** The first app-capable browser on PATH, or null. */
function findAppBrowser(env: Record<string, string | undefined> = process.env): string | null {
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    for (const name of APP_BROWSERS) {
      const file = path.join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** Resolves with how the window was opened: "app" (--app window), "browser" (default browser) or "none". */
export async function openWindow(url: string, profileDir: string): Promise<"app" | "browser" | "none"> {
  const browser = findAppBrowser();
  if (browser) {
    // Choice: a 420x640 window of its own, as the Upwork tracker's, with a browser profile only it uses.
    const args = [`--app=${url}`, `--user-data-dir=${profileDir}`, "--window-size=420,640", "--no-first-run", "--no-default-browser-check"];
    const opened = await new Promise<boolean>((resolve) => {
      const child = spawn(browser, args, { stdio: "ignore", detached: true });
      child.once("error", () => resolve(false));
      child.once("spawn", () => {
        child.unref();
        resolve(true);
      });
    });
    if (opened) return "app";
  }
  return (await openUrl(url)) ? "browser" : "none";
}

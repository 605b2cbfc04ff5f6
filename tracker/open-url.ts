// Opens a URL in the user's browser: $BROWSER when set (as gh and git do), else the
// system's opener (xdg-open, open, start). Never throws: the caller has printed the URL.
import { spawn } from "node:child_process";

function opener(url: string, platform: NodeJS.Platform, env: Record<string, string | undefined>): [string, string[]] | null {
  // Choice: $BROWSER wins, so a freelancer (or a test) can pick the browser without touching the desktop's default.
  if (env.BROWSER) return [env.BROWSER, [url]];
  if (platform === "darwin") return ["open", [url]];
  // `start` is a cmd built-in; its first quoted argument is the window title.
  if (platform === "win32") return ["cmd", ["/c", "start", '""', url.replace(/&/g, "^&")]];
  // Without a desktop (ssh, a server) xdg-open would fall back to a text browser in a detached process.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
  return ["xdg-open", [url]];
}

/** Resolves true once the opener started, false when there is none (or it failed to start or there is no desktop). */
export function openUrl(url: string, opts: { platform?: NodeJS.Platform; env?: Record<string, string | undefined> } = {}): Promise<boolean> {
  const how = opener(url, opts.platform ?? process.platform, opts.env ?? process.env);
  if (!how) return Promise.resolve(false);
  const [command, args] = how;
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { stdio: "ignore", detached: true, windowsVerbatimArguments: command === "cmd" });
      child.once("error", () => resolve(false));
      child.once("spawn", () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}

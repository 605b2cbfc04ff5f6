// End-to-end tests drive Debian's Chromium (a browser download from a test
// tool cannot be fetched here). Installed on demand when we are root.
import { existsSync } from "node:fs";
import { execSync } from "node:child_process";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  console.log("Installing Chromium from Debian packages (first run only)…");
  execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null", { stdio: "inherit" });
  if (!existsSync(CHROMIUM_PATH)) throw new Error("apt-get finished but chromium is still missing");
}

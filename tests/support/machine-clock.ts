// The machine's clock for a production run: libfaketime (Debian's `faketime`) preloaded into every process
// of the portal and its PostgreSQL, with one offset from the real clock read from a file, so all agree and a
// test moves them forward together. Production refuses the portal's own fake clock (R1.4); this is the outside world.
import { execSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const LIBRARY = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";

function ensureFaketime(): void {
  if (existsSync(LIBRARY)) return;
  if (process.getuid?.() !== 0) throw new Error(`libfaketime not found at ${LIBRARY}: sudo apt-get install -y faketime`);
  execSync("apt-get update -qq -o DPkg::Lock::Timeout=300 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 faketime > /dev/null", { stdio: "inherit" });
  if (!existsSync(LIBRARY)) throw new Error("apt-get finished but libfaketime is still missing");
}

export interface MachineClock {
  /** what the processes it is preloaded into need in their environment */
  env: Record<string, string>;
  /** sets their clock to `at` (from the next second on: they re-read the file each second) */
  set(at: Date): void;
  remove(): void;
}

export function createMachineClock(at: Date): MachineClock {
  ensureFaketime();
  const dir = mkdtempSync(path.join(tmpdir(), "hourglass-clock-"));
  const file = path.join(dir, "offset");
  const set = (to: Date) => {
    const seconds = Math.round((to.getTime() - Date.now()) / 1000);
    writeFileSync(file, `${seconds >= 0 ? "+" : ""}${seconds}s\n`, { mode: 0o644 });
  };
  set(at);
  chmodSync(dir, 0o755); // PostgreSQL's own user reads it too
  return {
    env: { LD_PRELOAD: LIBRARY, FAKETIME_TIMESTAMP_FILE: file, FAKETIME_CACHE_DURATION: "1", FAKETIME_DONT_FAKE_MONOTONIC: "1" },
    set,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

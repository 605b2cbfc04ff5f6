// A lock between processes on one machine: an atomically created folder that
// names its holder. A holder that died (its pid is gone) is taken over.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

function holderAlive(dir: string): boolean {
  try {
    const pid = Number(readFileSync(path.join(dir, "pid"), "utf8"));
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function acquireLock(dir: string, timeoutMs = 30 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(path.join(dir, "pid"), String(process.pid));
      process.on("exit", () => releaseLock(dir));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // Stale: its holder is gone. A folder just made may not have its pid file
      // yet, so a young one is left alone.
      const stale = !holderAlive(dir) && Date.now() - ageStart(dir) > 5_000;
      if (stale) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${dir} is still held after ${timeoutMs / 1000} s`);
      if (!told) console.log(`waiting for another run to release ${dir}…`);
      told = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function ageStart(dir: string): number {
  try {
    return statSync(dir).mtimeMs;
  } catch {
    return 0;
  }
}

export function releaseLock(dir: string): void {
  try {
    if (readFileSync(path.join(dir, "pid"), "utf8") === String(process.pid)) rmSync(dir, { recursive: true, force: true });
  } catch {
    // not ours, or already gone
  }
}

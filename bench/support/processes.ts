// The processes a bench starts detached (its own process group): the realtime CLI's port, and stopping
// a child with whatever it started (npx -> next-server).
import type { ChildProcess } from "node:child_process";

export function killGroup(child: ChildProcess | undefined): void {
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // gone
  }
}

/** The port realtime/cli.ts (started with REALTIME_PORT=0 and its stdout piped) says it listens on. */
export function realtimePort(realtime: ChildProcess, timeoutMs = 20_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the realtime server did not start")), timeoutMs);
    let out = "";
    realtime.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    realtime.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`realtime server exited with ${code}`));
    });
  });
}

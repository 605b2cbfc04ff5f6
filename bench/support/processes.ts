// The processes a bench starts detached (its own process group): the realtime CLI's port, and stopping
// a child with whatever it started (npx -> next-server).
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";

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

/** The environment of a bench's `next start` on its own database, data folder and build, with our realtime server (never hosted Pusher). */
export function benchWebEnv(o: { databaseUrl: string; dir: string; distDir: string; app: { id: string; key: string; secret: string }; realtimePort: number }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: o.databaseUrl,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    HOURGLASS_DATA_DIR: o.dir,
    NEXT_DIST_DIR: o.distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    PUSHER_APP_ID: o.app.id,
    PUSHER_KEY: o.app.key,
    PUSHER_SECRET: o.app.secret,
    REALTIME_HOST: "127.0.0.1",
    REALTIME_PORT: String(o.realtimePort),
  };
  delete env.PUSHER_CLUSTER;
  return env;
}

// Child processes of a launcher: started together, stopped together.
import { spawn, type ChildProcess } from "node:child_process";

const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
let stopping = false;

export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // Each child leads its own process group, so stopping it also stops what it
  // started (npx -> next-server), and nothing is left holding a port.
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  // a JSON log line (production) stays one JSON object for the log shipper: it names its process itself
  const prefix = (chunk: Buffer) => chunk.toString().replace(/^(?=[^{\n])/gm, `[${name}] `);
  child.stdout?.on("data", (c: Buffer) => process.stdout.write(prefix(c)));
  child.stderr?.on("data", (c: Buffer) => process.stderr.write(prefix(c)));
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[${name}] exited (${signal ?? code}); stopping everything`);
      void shutdown(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export function onShutdown(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

export async function shutdown(code = 0): Promise<never> {
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          signalGroup(child, "SIGTERM");
          setTimeout(() => signalGroup(child, "SIGKILL"), 5000).unref();
        }),
    ),
  );
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => console.error(e));
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

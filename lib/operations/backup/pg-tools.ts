// pg_dump and pg_restore of the database server's own major version. A newer pg_dump reads an older
// server but writes archives an older pg_restore cannot read, and an older one refuses a newer server,
// so a backup and its restore both use the server's major.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { BackupError } from "./errors";

const run = promisify(execFile);

export type PgTool = "pg_dump" | "pg_restore";

export interface PgServer {
  /** e.g. "15.18" */
  version: string;
  major: number;
}

export async function pgServer(client: pg.Client): Promise<PgServer> {
  const { rows } = await client.query<{ version: string; num: string }>("SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num");
  return { version: rows[0]!.version.split(" ")[0]!, major: Math.floor(Number(rows[0]!.num) / 10_000) };
}

/** Where a PostgreSQL major's client tools usually are: HOURGLASS_PG_BIN_DIR first, then Debian, RHEL, Homebrew, PATH. */
function candidates(tool: PgTool, major: number, env: Record<string, string | undefined>): string[] {
  const dirs = [env.HOURGLASS_PG_BIN_DIR, `/usr/lib/postgresql/${major}/bin`, `/usr/pgsql-${major}/bin`, `/opt/homebrew/opt/postgresql@${major}/bin`, `/usr/local/opt/postgresql@${major}/bin`];
  const fromDirs = dirs.filter((d): d is string => Boolean(d)).map((d) => path.join(d, tool));
  const onPath = (env.PATH ?? "").split(path.delimiter).filter(Boolean).map((d) => path.join(d, tool));
  return [...new Set([...fromDirs, ...onPath])].filter((file) => existsSync(file));
}

async function majorOf(file: string): Promise<number | null> {
  try {
    const { stdout } = await run(file, ["--version"]);
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** The path of `tool` for this server's major; refuses (one sentence) when only other majors are installed. */
export async function findPgTool(tool: PgTool, server: PgServer, env: Record<string, string | undefined> = process.env): Promise<string> {
  const found: Array<{ file: string; major: number | null }> = [];
  for (const file of candidates(tool, server.major, env)) {
    const major = await majorOf(file);
    if (major === server.major) return file;
    found.push({ file, major });
  }
  const install = `install the PostgreSQL ${server.major} client tools (Debian and Ubuntu: postgresql-client-${server.major}) or set HOURGLASS_PG_BIN_DIR to the folder holding their ${tool}`;
  if (found.length) {
    const other = found[0]!;
    throw new BackupError(`${tool} at ${other.file} is PostgreSQL ${other.major ?? "of an unknown version"} but the database server is PostgreSQL ${server.version}: ${install}.`);
  }
  throw new BackupError(`${tool} was not found: ${install}.`);
}

/**
 * Arguments and environment for a client tool: the URL without its password (which would show in
 * the process list), the password in PGPASSWORD.
 */
export function pgConnection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  return { dbname: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Runs a client tool; its stderr (the last lines) becomes the error's sentence. */
export async function runPgTool(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(file, args, { env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? "").trim().split("\n").slice(-3).join(" ");
    throw new BackupError(`${path.basename(file)} failed: ${stderr || (error as Error).message}`);
  }
}

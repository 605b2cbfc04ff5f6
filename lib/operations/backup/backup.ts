// npm run backup: the database (pg_dump, custom format) and every stored file it refers to, with a
// manifest of checksums written last.
//
// Choice: consistency without stopping the portal. The database is read in one REPEATABLE READ
// snapshot, exported to pg_dump (--snapshot), and the list of files is read in that same snapshot.
// Stored files are immutable and keyed (a key is never rewritten with other bytes), so copying the
// files of that list after the dump gives exactly the files the dump refers to. A file written after
// the snapshot is not in the dump and not copied; one the dump refers to but storage lacks fails the
// backup (unless allowMissing), since a restore would serve a broken screenshot.
import { execFile } from "node:child_process";
import { mkdir, readFile, readdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import type { BlobStore } from "@/lib/storage/blob-store";
import { BackupError } from "./errors";
import { BACKUP_FORMAT, DUMP_FILE, MANIFEST, fileOfKey, sha256Of, sha256OfFile, type BackupFileEntry, type BackupManifest } from "./manifest";
import { eachLimited } from "./parallel";
import { findPgTool, pgConnection, pgServer, runPgTool } from "./pg-tools";
import { STORED_FILES_SQL } from "./stored-files";

export interface BackupOptions {
  databaseUrl: string;
  store: BlobStore;
  dir: string;
  allowMissing?: boolean;
  /** progress lines (the command prints them on stderr) */
  log?: (line: string) => void;
  env?: Record<string, string | undefined>;
}

const COPY_PARALLEL = 8;
const FETCH = 2_000;

async function appVersion(): Promise<BackupManifest["app"]> {
  const { version } = JSON.parse(await readFile(path.resolve("package.json"), "utf8")) as { version: string };
  const commit = await promisify(execFile)("git", ["rev-parse", "HEAD"])
    .then((r) => r.stdout.trim())
    .catch(() => null);
  return { version, commit };
}

async function ensureEmptyFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length) throw new BackupError(`${dir} is not empty: back up into a new or empty folder (a backup never mixes with another).`);
}

/** Row counts of every table of the public schema, read in the caller's snapshot. */
async function countRows(client: pg.Client): Promise<Record<string, number>> {
  const { rows: tables } = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  if (!tables.length) return {};
  const select = tables.map((t) => `SELECT ${client.escapeLiteral(t.name)} AS name, count(*)::bigint AS n FROM public.${client.escapeIdentifier(t.name)}`).join(" UNION ALL ");
  const { rows } = await client.query<{ name: string; n: string }>(select);
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}

export async function createBackup(opts: BackupOptions): Promise<BackupManifest> {
  const log = opts.log ?? (() => undefined);
  const dir = path.resolve(opts.dir);
  await ensureEmptyFolder(dir);

  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    const server = await pgServer(client);
    const pgDump = await findPgTool("pg_dump", server, opts.env);
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const { rows: snap } = await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id");
    const { rows: hasHistory } = await client.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = '_prisma_migrations'`);
    if (!hasHistory.length) throw new BackupError("The database has no Hourglass tables (no _prisma_migrations): there is nothing to back up; check DATABASE_URL.");
    const { rows: applied } = await client.query<{ name: string }>(
      `SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    const rows = await countRows(client);

    log(`Dumping the database (PostgreSQL ${server.version}, ${Object.values(rows).reduce((a, b) => a + b, 0)} rows) with ${pgDump}`);
    const dumpFile = path.join(dir, DUMP_FILE);
    const connection = pgConnection(opts.databaseUrl);
    await runPgTool(pgDump, ["--format=custom", `--snapshot=${snap[0]!.id}`, "--file", dumpFile, "--dbname", connection.dbname], connection.env);
    const dump = await sha256OfFile(dumpFile);
    log(`Database dumped: ${dump.bytes} bytes`);

    const { rows: total } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM (${STORED_FILES_SQL}) AS f`);
    const fileCount = Number(total[0]!.n);
    log(`Copying ${fileCount} stored file(s)`);
    const files: BackupFileEntry[] = [];
    const missing: string[] = [];
    await client.query(`DECLARE stored_files NO SCROLL CURSOR FOR ${STORED_FILES_SQL}`);
    let lastReport = 0;
    for (;;) {
      const { rows: batch } = await client.query<{ key: string; content_type: string }>(`FETCH ${FETCH} FROM stored_files`);
      if (!batch.length) break;
      await eachLimited(batch, COPY_PARALLEL, async ({ key, content_type }) => {
        const target = fileOfKey(dir, key);
        const bytes = await opts.store.get(key);
        if (!bytes) return void missing.push(key);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, bytes);
        files.push({ key, sha256: sha256Of(bytes), bytes: bytes.length, contentType: content_type });
      });
      if (files.length - lastReport >= 1_000 || files.length + missing.length === fileCount) {
        lastReport = files.length;
        log(`Files: ${files.length + missing.length} of ${fileCount}`);
      }
    }
    await client.query("COMMIT");
    if (missing.length && !opts.allowMissing) {
      throw new BackupError(
        `${missing.length} file(s) the database refers to are missing from storage (first: ${missing[0]}), so this backup is not complete; check the storage settings, or run again with --allow-missing to back up without them.`,
      );
    }

    files.sort((a, b) => (a.key < b.key ? -1 : 1));
    const fileBytes = files.reduce((sum, f) => sum + f.bytes, 0);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      complete: true,
      createdAt: new Date().toISOString(),
      app: await appVersion(),
      postgres: { server: server.version, pgDump },
      migrations: applied.map((m) => m.name),
      database: { file: DUMP_FILE, ...dump },
      rows,
      files,
      missingFiles: missing.sort(),
      counts: { tables: Object.keys(rows).length, rows: Object.values(rows).reduce((a, b) => a + b, 0), files: files.length, fileBytes },
    };
    // written last, and whole (a rename), so only a finished backup has one
    await writeFile(path.join(dir, `${MANIFEST}.tmp`), JSON.stringify(manifest, null, 1));
    await rename(path.join(dir, `${MANIFEST}.tmp`), path.join(dir, MANIFEST));
    log(`Backup complete in ${dir}: ${manifest.counts.rows} rows, ${files.length} files (${fileBytes} bytes)`);
    return manifest;
  } finally {
    await client.end().catch(() => undefined);
  }
}

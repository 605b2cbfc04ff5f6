// npm run restore: a backup of npm run backup into an empty database and empty storage, then this
// release's pending migrations (a backup of an older release is restored, then upgraded).
//
// Choice: everything is checked before anything is written (the manifest, every checksum, that this
// release knows every migration the backup has, an empty database and storage), as GitLab's
// backup:restore checks versions first; the dump is restored in one transaction, so a failed
// pg_restore leaves the database empty again. Choice: --no-owner --no-privileges, so the backup
// restores under whichever role DATABASE_URL names (the embedded cluster's, or a managed one's).
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { migrate, readMigrations } from "@/lib/db/migrate";
import type { BlobStore } from "@/lib/storage/blob-store";
import { BackupError } from "./errors";
import { fileOfKey, readManifest, sha256Of, sha256OfFile, type BackupManifest } from "./manifest";
import { eachLimited } from "./parallel";
import { findPgTool, pgConnection, pgServer, runPgTool } from "./pg-tools";

export interface RestoreOptions {
  databaseUrl: string;
  store: BlobStore;
  dir: string;
  log?: (line: string) => void;
  env?: Record<string, string | undefined>;
  /** the migrations folder (tests); this release's by default */
  migrationsDir?: string;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** migrations this release applied after the restore */
  migrated: string[];
}

const PUT_PARALLEL = 8;

/** Every part of the backup has the size and SHA-256 the manifest says. */
async function verifyChecksums(dir: string, manifest: BackupManifest, log: (line: string) => void): Promise<void> {
  const dump = await sha256OfFile(path.join(dir, manifest.database.file)).catch(() => null);
  if (!dump || dump.sha256 !== manifest.database.sha256 || dump.bytes !== manifest.database.bytes) {
    throw new BackupError(`${manifest.database.file} in ${dir} is ${dump ? "damaged (its checksum differs from the manifest's)" : "missing"}: this backup cannot be restored; restore another one.`);
  }
  let checked = 0;
  for (const file of manifest.files) {
    const bytes = await readFile(fileOfKey(dir, file.key)).catch(() => null);
    if (!bytes || bytes.length !== file.bytes || sha256Of(bytes) !== file.sha256) {
      throw new BackupError(`The stored file ${file.key} in ${dir} is ${bytes ? "damaged (its checksum differs from the manifest's)" : "missing"}: this backup cannot be restored; restore another one.`);
    }
    if (++checked % 5_000 === 0) log(`Checked ${checked} of ${manifest.files.length} files`);
  }
}

async function ensureEmptyDatabase(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')`,
  );
  const tables = Number(rows[0]!.n);
  if (tables) {
    throw new BackupError(
      `The database ${client.database ?? ""} is not empty (${tables} tables and sequences): restore only into an empty one, so nothing is overwritten; create a new database and point DATABASE_URL at it (or, for the embedded one, move .data/postgres away).`,
    );
  }
}

async function ensureEmptyStorage(store: BlobStore): Promise<void> {
  if (!store.list) throw new BackupError("This storage cannot list its files, so restore cannot check that it is empty.");
  for await (const item of store.list("")) {
    throw new BackupError(`Storage is not empty (it holds ${item.key}, among others): restore only into empty storage; point S3_BUCKET at a new bucket, or HOURGLASS_DATA_DIR at a new folder (or move .data/storage away).`);
  }
}

async function checkCounts(client: pg.Client, manifest: BackupManifest): Promise<void> {
  for (const [table, expected] of Object.entries(manifest.rows)) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM public.${client.escapeIdentifier(table)}`);
    if (Number(rows[0]!.n) !== expected) throw new BackupError(`After the restore ${table} has ${rows[0]!.n} rows where the backup had ${expected}: the restore is wrong; do not use this database.`);
  }
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const log = opts.log ?? (() => undefined);
  const dir = path.resolve(opts.dir);
  const manifest = await readManifest(dir);

  const known = new Set(readMigrations(opts.migrationsDir).map((m) => m.name));
  const unknown = manifest.migrations.find((name) => !known.has(name));
  if (unknown) throw new BackupError(`This backup was made by a newer release (its migration ${unknown} is not in this one): upgrade Hourglass first, then restore.`);

  log(`Verifying ${manifest.files.length + 1} checksums`);
  await verifyChecksums(dir, manifest, log);

  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    const server = await pgServer(client);
    const pgRestore = await findPgTool("pg_restore", server, opts.env);
    await ensureEmptyDatabase(client);
    await ensureEmptyStorage(opts.store);

    log(`Restoring the database (${manifest.counts.rows} rows) with ${pgRestore}`);
    const connection = pgConnection(opts.databaseUrl);
    await runPgTool(pgRestore, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", connection.dbname, path.join(dir, manifest.database.file)], connection.env);
    await checkCounts(client, manifest);

    log(`Putting ${manifest.files.length} stored file(s)`);
    let put = 0;
    await eachLimited(manifest.files, PUT_PARALLEL, async (file) => {
      await opts.store.put(file.key, await readFile(fileOfKey(dir, file.key)), file.contentType);
      if (++put % 1_000 === 0) log(`Files: ${put} of ${manifest.files.length}`);
    }).catch((error: Error) => {
      throw new BackupError(`Putting the stored files failed (${error.message}): the database is restored but storage is partial; empty both and run restore again.`);
    });

    const { applied } = await migrate(opts.databaseUrl, { dir: opts.migrationsDir, log });
    log(`Restore complete: ${manifest.counts.rows} rows, ${put} files, ${applied.length} migration(s) applied after it`);
    return { manifest, migrated: applied };
  } finally {
    await client.end().catch(() => undefined);
  }
}

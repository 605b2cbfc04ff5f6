// Backup and restore of the demo, for real: pg_dump and pg_restore against the test cluster, the files
// of a local folder, a restore into S3 (s3rver), and the faults: a non-empty target, a damaged file,
// a backup killed half-way.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { urlFor } from "@/lib/db/embedded";
import { seedDemo } from "@/lib/seed/demo";
import { LocalBlobStore, setBlobStoreForTests } from "@/lib/storage";
import { S3BlobStore } from "@/lib/storage/s3";
import { setupTestDatabase } from "../../../tests/support/database";
import { dumpLedger } from "../../../tests/support/ledger";
import { ensurePgClientTools } from "../../../tests/support/pg-client-tools";
import { S3RVER_CREDENTIALS, startTestS3 } from "../../../tests/support/s3";
import { bareEnv, runTsx } from "../../../scripts/testing/spawn";
import { createBackup } from "./backup";
import { FILES_DIR, MANIFEST, fileOfKey, sha256Of, type BackupManifest } from "./manifest";
import { restoreBackup } from "./restore";
import { STORED_FILE_COLUMNS } from "./stored-files";

ensurePgClientTools();
const work = mkdtempSync(path.join(tmpdir(), "hourglass-backup-test-"));
const source = await setupTestDatabase();
// the source's storage: <data>/storage, as the commands find it from HOURGLASS_DATA_DIR
const dataDir = path.join(work, "data");
const sourceStore = new LocalBlobStore(path.join(dataDir, "storage"));
setBlobStoreForTests(sourceStore);
await seedDemo(source.prisma, new Date("2024-06-12T15:05:00Z"));
const s3 = await startTestS3(["restored"]);
const s3Store = (bucket: string) => new S3BlobStore({ endpoint: s3.endpoint, region: "us-east-1", bucket, ...S3RVER_CREDENTIALS, forcePathStyle: true });

const admin = new pg.Client({ connectionString: urlFor(inject("pgPort"), "postgres") });
await admin.connect();
/** A new database with nothing in it (not the migrated template). */
async function emptyDatabase(): Promise<string> {
  const name = `r_${randomBytes(6).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${name}`);
  return urlFor(inject("pgPort"), name);
}
async function tableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`);
  await client.end();
  return Number(rows[0]!.n);
}

const countFiles = (dir: string): number => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0);

afterAll(async () => {
  await admin.end();
  await s3.stop();
  rmSync(work, { recursive: true, force: true });
});

const backupDir = path.join(work, "backup");
let manifest: BackupManifest;

describe("npm run backup and restore", () => {
  it("backs up the demo: the dump and every file the database refers to, with checksums, the manifest last", async () => {
    manifest = await createBackup({ databaseUrl: source.url, store: sourceStore, dir: backupDir });
    const shots = await source.prisma.screenshot.findMany();
    const attachments = await source.prisma.attachment.findMany();
    expect(shots.length).toBeGreaterThan(0);
    expect(manifest.files.map((f) => f.key)).toEqual([...shots.flatMap((s) => [s.storageKey, s.thumbKey]), ...attachments.map((a) => a.storageKey)].sort());
    for (const shot of shots) expect(manifest.files.find((f) => f.key === shot.storageKey)).toMatchObject({ sha256: shot.sha256, bytes: shot.bytes, contentType: "image/jpeg" });
    expect(manifest.rows.segments).toBe(await source.prisma.segment.count());
    expect(manifest.rows.ledger_entries).toBe(await source.prisma.ledgerEntry.count());
    expect(manifest.migrations).toEqual(readdirSync("prisma/migrations").filter((n) => existsSync(path.join("prisma/migrations", n, "migration.sql"))).sort());
    expect(manifest).toMatchObject({ complete: true, format: 1, app: { version: expect.any(String) }, missingFiles: [] });
    expect(manifest.counts.files).toBe(manifest.files.length);
  });

  it("knows every column of the schema that holds a storage key", async () => {
    const columns = await source.prisma.$queryRaw<Array<{ t: string; c: string }>>`
      SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name ~ '(storage|thumb|file|blob|object)_key$' ORDER BY 1, 2`;
    expect(columns.map((r) => `${r.t}.${r.c}`)).toEqual(STORED_FILE_COLUMNS.map((c) => `${c.table}.${c.column}`).sort());
  });

  it("restores elsewhere (a new database, S3 storage): the same ledger, segments and files", async () => {
    const url = await emptyDatabase();
    const store = s3Store("restored");
    const result = await restoreBackup({ databaseUrl: url, store, dir: backupDir });
    expect(result.migrated).toEqual([]);
    const restored = createPrismaClient(url);
    try {
      expect(await dumpLedger(restored)).toBe(await dumpLedger(source.prisma));
      const perContract = (p: typeof restored) => p.segment.groupBy({ by: ["contractId"], _count: true, orderBy: { contractId: "asc" } });
      expect(await perContract(restored)).toEqual(await perContract(source.prisma));
      // S3 holds every key of the backup, and the bytes hash as the manifest and the rows say (every tenth file read back)
      const keys: string[] = [];
      for await (const item of store.list("")) keys.push(item.key);
      expect(keys.sort()).toEqual(manifest.files.map((f) => f.key));
      for (const file of manifest.files.filter((_, i) => i % 10 === 0)) expect(sha256Of((await store.get(file.key))!)).toBe(file.sha256);
      const shot = await restored.screenshot.findFirstOrThrow();
      expect(sha256Of((await store.get(shot.storageKey))!)).toBe(shot.sha256);
    } finally {
      await restored.$disconnect();
    }
  });

  it("refuses a database or storage that is not empty, with one sentence, writing nothing", async () => {
    await expect(restoreBackup({ databaseUrl: source.url, store: new LocalBlobStore(path.join(work, "unused")), dir: backupDir })).rejects.toThrow(
      /^The database \S+ is not empty \(\d+ tables and sequences\): restore only into an empty one/,
    );
    const url = await emptyDatabase();
    await expect(restoreBackup({ databaseUrl: url, store: sourceStore, dir: backupDir })).rejects.toThrow(/^Storage is not empty \(it holds screenshots\//);
    expect(await tableCount(url)).toBe(0);
  });

  it("refuses a backup with a damaged file before writing anything", async () => {
    const victim = fileOfKey(backupDir, manifest.files[manifest.files.length - 1]!.key);
    const good = readFileSync(victim);
    const bad = Buffer.from(good);
    bad[bad.length >> 1]! ^= 0xff;
    writeFileSync(victim, bad);
    const url = await emptyDatabase();
    const store = new LocalBlobStore(path.join(work, "damaged-target"));
    try {
      await expect(restoreBackup({ databaseUrl: url, store, dir: backupDir })).rejects.toThrow(/is damaged \(its checksum differs from the manifest's\): this backup cannot be restored/);
    } finally {
      writeFileSync(victim, good);
    }
    expect(await tableCount(url)).toBe(0);
    expect(existsSync(path.join(work, "damaged-target"))).toBe(false);
  });

  it("a backup killed half-way through the files is not complete, and restore refuses it", async () => {
    // one stored file in the middle becomes a FIFO: reading it blocks, so the command is surely mid-copy when killed
    const stuck = manifest.files[manifest.files.length >> 1]!.key;
    const real = fileOfKey(path.join(dataDir, "storage"), stuck).replace(`${path.sep}${FILES_DIR}${path.sep}`, path.sep);
    renameSync(real, `${real}.aside`);
    execFileSync("mkfifo", [real]);
    const dir = path.join(work, "killed");
    const env: Record<string, string> = { ...bareEnv(), DATABASE_URL: source.url, HOURGLASS_DATA_DIR: dataDir };
    // node itself with tsx's loader, not the tsx launcher: the launcher's SIGKILL would leave its node child running
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/backup.ts", dir], {
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          if (/Copying \d+ stored file/.test(stderr)) resolve();
        });
        child.on("exit", () => reject(new Error(`backup ended before copying files: ${stderr}`)));
      });
      // every other file copied: the command is stuck on the FIFO, half-way through its work; kill it there
      while (countFiles(path.join(dir, FILES_DIR)) < manifest.files.length - 1) await new Promise((r) => setTimeout(r, 50));
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
    } finally {
      child.kill("SIGKILL");
      rmSync(real);
      renameSync(`${real}.aside`, real);
    }
    expect(existsSync(path.join(dir, "database.dump"))).toBe(true);
    expect(existsSync(path.join(dir, MANIFEST))).toBe(false);
    // npm run restore refuses it: one sentence, exit code 1
    const refused = await runTsx(["scripts/restore.ts", dir], { ...bareEnv(), DATABASE_URL: await emptyDatabase(), HOURGLASS_DATA_DIR: path.join(work, "killed-target") });
    expect({ code: refused.code, out: refused.out.trim() }).toEqual({
      code: 1,
      out: `restore failed: ${dir} holds no manifest.json: that backup did not finish (it was interrupted or failed), so it cannot be restored; make a new one with npm run backup.`,
    });
  });

  it("a file the database refers to but storage lacks fails the backup: no manifest, and one sentence says why", async () => {
    const dir = path.join(work, "failed");
    const key = manifest.files[1]!.key;
    const real = path.join(dataDir, "storage", key);
    renameSync(real, `${real}.aside`);
    try {
      await expect(createBackup({ databaseUrl: source.url, store: sourceStore, dir })).rejects.toThrow(
        new RegExp(`^1 file\\(s\\) the database refers to are missing from storage \\(first: ${key.replace(/[.]/g, "\\.")}\\), so this backup is not complete`),
      );
    } finally {
      renameSync(`${real}.aside`, real);
    }
    expect(existsSync(path.join(dir, MANIFEST))).toBe(false);
  });
});

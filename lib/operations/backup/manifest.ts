// manifest.json: what a backup holds, with a checksum for every part. It is written last, so a backup
// without one (or without "complete": true) was interrupted and is never restored.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { BackupError } from "./errors";

export const MANIFEST = "manifest.json";
export const DUMP_FILE = "database.dump";
export const FILES_DIR = "files";
export const BACKUP_FORMAT = 1;

export interface BackupFileEntry {
  key: string;
  sha256: string;
  bytes: number;
  contentType: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  complete: true;
  createdAt: string;
  app: { version: string; commit: string | null };
  postgres: { server: string; pgDump: string };
  /** the migrations the database had applied, in order */
  migrations: string[];
  database: { file: typeof DUMP_FILE; sha256: string; bytes: number };
  /** rows per table of the public schema, at the dump's snapshot */
  rows: Record<string, number>;
  files: BackupFileEntry[];
  /** keys the database refers to that storage did not have (only with --allow-missing) */
  missingFiles: string[];
  counts: { tables: number; rows: number; files: number; fileBytes: number };
}

export function sha256Of(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    let bytes = 0;
    createReadStream(file)
      .on("data", (chunk: Buffer | string) => {
        const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        bytes += buffer.length;
        hash.update(buffer);
      })
      .on("error", reject)
      .on("end", () => resolve({ sha256: hash.digest("hex"), bytes }));
  });
}

/** A storage key as a path inside the backup, refusing one that would leave it. */
export function fileOfKey(dir: string, key: string): string {
  if (!/^[a-z0-9][a-z0-9/_.-]*$/i.test(key) || key.includes("..")) throw new BackupError(`The backup names an invalid storage key: ${JSON.stringify(key)}.`);
  return path.join(dir, FILES_DIR, key);
}

/** The manifest of a finished backup; refuses a folder without one, or with an incomplete or unknown one. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(path.join(dir, MANIFEST), "utf8");
  } catch {
    throw new BackupError(`${dir} holds no ${MANIFEST}: that backup did not finish (it was interrupted or failed), so it cannot be restored; make a new one with npm run backup.`);
  }
  let manifest: Partial<BackupManifest>;
  try {
    manifest = JSON.parse(text) as Partial<BackupManifest>;
  } catch {
    throw new BackupError(`${path.join(dir, MANIFEST)} is not valid JSON: the backup is damaged; restore another one.`);
  }
  if (manifest.complete !== true) throw new BackupError(`${dir} is an incomplete backup (its manifest does not say complete), so it cannot be restored; make a new one with npm run backup.`);
  if (manifest.format !== BACKUP_FORMAT) throw new BackupError(`${dir} is a backup of format ${String(manifest.format)}, and this release reads format ${BACKUP_FORMAT}: restore it with the release that made it.`);
  return manifest as BackupManifest;
}

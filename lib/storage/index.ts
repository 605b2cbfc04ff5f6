// Where screenshots and attachments live. A local folder by default; S3-compatible
// storage is selected by S3_* variables (see README). Keys are opaque and never
// served directly: route handlers check access and stream the bytes.
import { close, open, unlink, writeFile as writeToFd } from "node:fs";
import { mkdir, readFile, readdir, rm, stat, writeFile, rename } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { BlobListing, BlobStore } from "./blob-store";
import { localWriteError } from "./errors";
import { S3BlobStore, s3ConfigFromEnv, s3Requested } from "./s3";

export type { BlobStore } from "./blob-store";

const KEY = /^[a-z0-9][a-z0-9/_.-]*$/i;

/**
 * A new file: open (O_CREAT | O_EXCL), write, close, through callbacks (one promise for the three
 * steps). A failed write or close removes the file it created.
 */
function writeExclusive(file: string, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    open(file, "wx", (openError, fd) => {
      if (openError) return reject(openError);
      writeToFd(fd, bytes, (writeError) =>
        close(fd, (closeError) => {
          const error = writeError ?? closeError;
          if (error) unlink(file, () => reject(error));
          else resolve();
        }),
      );
    });
  });
}

export class LocalBlobStore implements BlobStore {
  /** folders known to exist, so a put is one write and one rename */
  private readonly folders = new Set<string>();

  constructor(private readonly root: string) {}

  private file(key: string): string {
    if (!KEY.test(key) || key.includes("..")) throw new Error(`Invalid storage key: ${key}`);
    return path.join(this.root, key);
  }

  /** Runs `write` once the key's folder exists (made once per process, and again if it went away). */
  private async inFolder(target: string, write: () => Promise<void>): Promise<void> {
    const folder = path.dirname(target);
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    try {
      await write();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      await mkdir(folder, { recursive: true }); // the folder went away since we made it
      await write();
    }
  }

  async put(key: string, bytes: Buffer, _contentType?: string): Promise<void> {
    const target = this.file(key);
    // Write then rename, so a reader never sees half a file; a failed write (a full disk) leaves no temp file.
    const temp = `${target}.${randomUUID()}.tmp`;
    try {
      await this.inFolder(target, () => writeFile(temp, bytes));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw localWriteError(error);
    }
  }

  /**
   * Written in place, never over an existing file: one exclusive create and write, without the
   * temp file and rename of put (for ingest's two small files per upload, the rename and the
   * promise-based writes took more CPU than the writes themselves).
   */
  async putNew(key: string, bytes: Buffer, _contentType?: string): Promise<void> {
    const target = this.file(key);
    await this.inFolder(target, () => writeExclusive(target, bytes)).catch((error: unknown) => {
      throw localWriteError(error);
    });
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.file(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<BlobListing> {
    // A prefix names a folder ("screenshots/") or the start of a key; walk the folder that holds it.
    const dir = prefix.endsWith("/") ? prefix.slice(0, -1) : path.posix.dirname(prefix);
    const start = dir === "." || dir === "" ? this.root : this.file(dir);
    const walk = async function* (folder: string): AsyncIterable<string> {
      let entries;
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw error;
      }
      for (const entry of entries) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) yield* walk(full);
        else if (entry.isFile()) yield full;
      }
    };
    for await (const full of walk(start)) {
      const key = path.relative(this.root, full).split(path.sep).join("/");
      if (!key.startsWith(prefix)) continue;
      const info = await stat(full).catch(() => null);
      if (info) yield { key, lastModified: info.mtime };
    }
  }
}

let store: BlobStore | undefined;

/** S3-compatible storage when any S3_* variable is set, else the local folder under HOURGLASS_DATA_DIR (default .data). */
export function createBlobStore(env: Record<string, string | undefined> = process.env): BlobStore {
  if (s3Requested(env)) return new S3BlobStore(s3ConfigFromEnv(env));
  return new LocalBlobStore(path.resolve(env.HOURGLASS_DATA_DIR ?? ".data", "storage"));
}

export function blobStore(): BlobStore {
  store ??= createBlobStore();
  return store;
}

export function setBlobStoreForTests(next: BlobStore): void {
  store = next;
}

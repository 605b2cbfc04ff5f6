// The offline queue: every recorded segment is written to disk before any
// attempt to send it, and removed only after the portal has stored it. Each
// entry is two files, the screenshot first and then the JSON that makes the
// entry exist, each written then renamed, so a crash or a power cut leaves
// either a whole entry or an unused image (cleaned up later), never half one.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "./config";
import type { RecordedSegment } from "./session";
import type { SegmentFieldsInput } from "../lib/validation/tracker";
import type { SignedBy } from "./signing";

export interface QueuedSegment {
  /** file stem: slot start (ms, zero-padded) and segment id, so names sort in slot order */
  name: string;
  /** with its `signature` (R15.1) once signed */
  fields: SegmentFieldsInput;
  /** the device and key that signed `fields` (absent: not signed yet, e.g. queued before device keys) */
  signedBy?: SignedBy;
  contentType: "image/jpeg" | "image/png";
  enqueuedAt: string;
  attempts: number;
  /** when sending it first failed with a retryable answer */
  firstFailureAt?: string;
  lastError?: string;
  /** what the portal said, for rejected entries */
  answer?: { status: number; body: unknown; at: string };
}

const ext = (type: string) => (type === "image/png" ? "png" : "jpg");

export class SegmentQueue {
  constructor(
    readonly dir: string,
    readonly rejectedDir: string,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  private jsonFile(name: string, dir = this.dir) {
    return path.join(dir, `${name}.json`);
  }

  private imageFile(item: Pick<QueuedSegment, "name" | "contentType">, dir = this.dir) {
    return path.join(dir, `${item.name}.${ext(item.contentType)}`);
  }

  async add(segment: RecordedSegment & { signedBy?: SignedBy }, now = new Date()): Promise<QueuedSegment> {
    const name = `${String(Date.parse(segment.fields.slotStart)).padStart(15, "0")}-${segment.fields.segmentId}`;
    const item: QueuedSegment = { name, fields: segment.fields, ...(segment.signedBy ? { signedBy: segment.signedBy } : {}), contentType: segment.screenshot.contentType, enqueuedAt: now.toISOString(), attempts: 0 };
    writeFileAtomic(this.imageFile(item), segment.screenshot.bytes);
    writeFileAtomic(this.jsonFile(name), JSON.stringify(item));
    return item;
  }

  /** Entries in slot order. Unreadable entries are set aside as rejected rather than blocking the queue. */
  list(): QueuedSegment[] {
    const names = readdirSync(this.dir)
      .filter((f) => f.endsWith(".json"))
      .sort();
    const items: QueuedSegment[] = [];
    for (const file of names) {
      try {
        items.push(JSON.parse(readFileSync(path.join(this.dir, file), "utf8")) as QueuedSegment);
      } catch {
        // A JSON file is only ever renamed into place whole; a damaged one came from elsewhere.
        mkdirSync(this.rejectedDir, { recursive: true });
        renameSync(path.join(this.dir, file), path.join(this.rejectedDir, file));
      }
    }
    return items;
  }

  size(): number {
    return readdirSync(this.dir).filter((f) => f.endsWith(".json")).length;
  }

  rejectedCount(): number {
    return existsSync(this.rejectedDir) ? readdirSync(this.rejectedDir).filter((f) => f.endsWith(".json")).length : 0;
  }

  readImage(item: QueuedSegment): Buffer {
    return readFileSync(this.imageFile(item));
  }

  update(item: QueuedSegment): void {
    if (existsSync(this.jsonFile(item.name))) writeFileAtomic(this.jsonFile(item.name), JSON.stringify(item));
  }

  /** Delivered: the JSON goes first, so a crash in between leaves only an unused image. */
  remove(item: QueuedSegment): void {
    rmSync(this.jsonFile(item.name), { force: true });
    rmSync(this.imageFile(item), { force: true });
  }

  /** Refused for good: kept with the portal's answer under rejected/, never retried, never lost. */
  reject(item: QueuedSegment, answer: { status: number; body: unknown }, now = new Date()): void {
    mkdirSync(this.rejectedDir, { recursive: true, mode: 0o700 });
    if (existsSync(this.imageFile(item))) renameSync(this.imageFile(item), this.imageFile(item, this.rejectedDir));
    writeFileAtomic(this.jsonFile(item.name, this.rejectedDir), JSON.stringify({ ...item, answer: { ...answer, at: now.toISOString() } }, null, 2));
    rmSync(this.jsonFile(item.name), { force: true });
  }

  /**
   * `sync --retry-rejected`: everything set aside goes back into the queue under its own name, so
   * each keeps its segment id (a resend the portal had stored after all is answered, not doubled: R2.6).
   * The image moves first and the JSON last, as in add(). Returns how many entries came back.
   */
  requeueRejected(): number {
    if (!existsSync(this.rejectedDir)) return 0;
    let count = 0;
    for (const file of readdirSync(this.rejectedDir).filter((f) => f.endsWith(".json"))) {
      const from = path.join(this.rejectedDir, file);
      let item: QueuedSegment;
      try {
        item = JSON.parse(readFileSync(from, "utf8")) as QueuedSegment;
      } catch {
        continue; // a damaged entry stays where it is, for a person to look at
      }
      const image = this.imageFile(item, this.rejectedDir);
      if (!existsSync(image) && !existsSync(this.imageFile(item))) continue;
      if (existsSync(image)) renameSync(image, this.imageFile(item));
      const { answer: _answer, firstFailureAt: _first, lastError: _last, ...fresh } = item;
      writeFileAtomic(this.jsonFile(item.name), JSON.stringify({ ...fresh, attempts: 0 }));
      rmSync(from, { force: true });
      count++;
    }
    return count;
  }

  /** Images whose JSON never got written (a crash while queueing), and stray temp files, older than `olderThanMs`. */
  cleanup(olderThanMs = 60_000, now = Date.now()): string[] {
    const files = readdirSync(this.dir);
    const entries = new Set(files.filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)));
    const removed: string[] = [];
    for (const file of files) {
      if (file.endsWith(".json")) continue;
      const stem = file.replace(/\.(jpg|png)$/, "");
      if (!file.endsWith(".tmp") && entries.has(stem)) continue;
      const full = path.join(this.dir, file);
      if (now - statSync(full).mtimeMs < olderThanMs) continue;
      rmSync(full, { force: true });
      removed.push(file);
    }
    return removed;
  }
}

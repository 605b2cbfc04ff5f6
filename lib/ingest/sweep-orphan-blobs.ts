import "server-only";
// Files under screenshots/ that no screenshot row references: left by a crash
// between writing a segment's files and committing its rows, or by a delete
// whose file removal failed. Only files older than the grace period are taken,
// so an ingest still between its two steps is never touched. Meant to run as a
// periodic job.
import { db } from "@/lib/db/client";
import { LIMITS } from "@/lib/config/limits";
import { blobStore, type BlobStore } from "@/lib/storage";

export interface SweepResult {
  scanned: number;
  deleted: string[];
}

const BATCH = 500;
const SEGMENT_IN_KEY = /^screenshots\/[^/]+\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;

export async function sweepOrphanBlobs(now: Date, opts: { store?: BlobStore; graceMs?: number } = {}): Promise<SweepResult> {
  const store = opts.store ?? blobStore();
  const cutoff = now.getTime() - (opts.graceMs ?? LIMITS.orphanBlobGraceMs);
  const result: SweepResult = { scanned: 0, deleted: [] };
  if (!store.list) return result;

  let batch: string[] = [];
  const flush = async () => {
    if (!batch.length) return;
    // Keys name their segment (screenshots/<contract>/<segment>...), so the lookup uses the unique segment_id index.
    const ids = [...new Set(batch.map((key) => SEGMENT_IN_KEY.exec(key)?.[1]).filter((id): id is string => Boolean(id)))];
    const rows = ids.length
      ? await db().$queryRaw<Array<{ storage_key: string; thumb_key: string }>>`
          SELECT storage_key, thumb_key FROM screenshots WHERE segment_id = ANY(${ids}::uuid[])`
      : [];
    const keep = new Set(rows.flatMap((r) => [r.storage_key, r.thumb_key]));
    for (const key of batch) {
      if (keep.has(key)) continue;
      await store.delete(key);
      result.deleted.push(key);
    }
    batch = [];
  };
  for await (const item of store.list("screenshots/")) {
    result.scanned++;
    if (item.lastModified.getTime() > cutoff) continue;
    batch.push(item.key);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return result;
}

// Readiness (GET /api/health/ready): may this process take traffic? Four checks, run in parallel, each
// bounded by a timeout: the database answers, no migration is pending, storage takes a write, and the
// realtime server (ours or hosted Pusher) answers a signed REST call. /api/health stays the liveness
// check that touches nothing: the launchers and the e2e runner wait on it, and a load balancer must
// not restart a healthy process because its database is down.
// Choice: like GitLab's /-/readiness, every check is named with its error, so the 503 says what to fix.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import type Pusher from "pusher";
import type { BlobStore } from "@/lib/storage/blob-store";

export interface ReadinessDeps {
  pool: pg.Pool;
  /** prisma/migrations: the folders that must all be applied */
  migrationsDir: string;
  store: BlobStore;
  realtime: Pusher;
}

export interface CheckResult {
  ok: boolean;
  /** why it failed, in a sentence, never a secret */
  error?: string;
}

export interface Readiness {
  ok: boolean;
  checks: Record<"database" | "migrations" | "storage" | "realtime", CheckResult>;
}

const TIMEOUT_MS = 2_000;
/** Choice: a probe object rewritten in place, so the check proves writes work (a full disk, a read-only key) and leaves one small file. */
export const STORAGE_PROBE_KEY = "health/ready-probe";

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function check(work: () => Promise<void>, what: string): Promise<CheckResult> {
  try {
    await withTimeout(work(), what);
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message.slice(0, 300) };
  }
}

function migrationFolders(dir: string): string[] {
  // read at run time from the folder given, never traced into the build
  if (!existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name);
}

async function pendingMigrations(deps: ReadinessDeps): Promise<void> {
  // the table lib/db/migrate.ts records into, read as it reads it
  const { rows } = await deps.pool.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Set(rows.map((r) => r.migration_name));
  const pending = migrationFolders(deps.migrationsDir).filter((name) => !applied.has(name)).sort();
  if (pending.length) throw new Error(`${pending.length} pending (${pending.slice(0, 3).join(", ")}${pending.length > 3 ? ", …" : ""}): run npm run db:migrate`);
}

async function runChecks(deps: ReadinessDeps): Promise<Readiness> {
  const [database, migrations, storage, realtime] = await Promise.all([
    check(async () => void (await deps.pool.query("SELECT 1")), "PostgreSQL"),
    check(() => pendingMigrations(deps), "PostgreSQL"),
    check(() => deps.store.put(STORAGE_PROBE_KEY, Buffer.from("ready\n"), "text/plain"), "Storage"),
    // the channel list of the app: any Pusher-protocol server answers it, hosted Pusher too
    check(async () => void (await deps.realtime.get({ path: "/channels" })), "The realtime server"),
  ]);
  const checks = { database, migrations, storage, realtime };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}

/** A readiness check over `deps` whose answer is reused for `cacheMs` (2 s: probes from several balancers cost one round). */
export function readinessCheck(deps: () => ReadinessDeps, cacheMs = 2_000): () => Promise<Readiness> {
  let last: { at: number; result: Promise<Readiness> } | null = null;
  return () => {
    if (!last || Date.now() - last.at >= cacheMs) last = { at: Date.now(), result: runChecks(deps()) };
    return last.result;
  };
}

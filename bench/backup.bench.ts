// Backup and restore at scale (issue 20), prints, asserts nothing: one database of --segments
// (default 1,000,000) tracked segments on 10,000 contracts, --transfers (default 100,000) ledger
// transactions of three entries each, and --screenshots (default 1,000) screenshots whose two files
// (30 KB and 2 KB of random bytes, as incompressible as JPEG and WebP) are in a local storage folder.
// It times npm run backup's createBackup and restoreBackup (into a new database and folder), and
// sets them against a floor measured in the same run on the same database: plain pg_dump -Fc alone,
// and plain pg_restore of that dump alone. Sizes: the tables (pg_total_relation_size, indexes and
// TOAST included) against the dump. Choice: durable settings (fsync on, as in production);
// --fsync-off for the other benches' settings.
// Run: npm run bench -- backup [--segments=1000000] [--transfers=100000] [--screenshots=1000] [--fsync-off]
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { urlFor } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { createBackup } from "../lib/operations/backup/backup";
import { eachLimited } from "../lib/operations/backup/parallel";
import { findPgTool, pgConnection, pgServer } from "../lib/operations/backup/pg-tools";
import { restoreBackup } from "../lib/operations/backup/restore";
import { LocalBlobStore } from "../lib/storage";
import { ensurePgClientTools } from "../tests/support/pg-client-tools";
import { withThrowawayPostgres } from "./support/throwaway-postgres";

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SEGMENTS = Number(flag("segments") ?? 1_000_000);
const TRANSFERS = Number(flag("transfers") ?? 100_000);
const SCREENSHOTS = Number(flag("screenshots") ?? 1_000);
const CONTRACTS = 10_000;
const PER_CONTRACT = Math.ceil(SEGMENTS / CONTRACTS);
const WEEK = "2024-06-03T00:00:00Z";

/** Users, contracts, segments, ledger and screenshot rows, set-based (as bench/close-scale.bench.ts seeds). */
async function seed(client: pg.Client): Promise<void> {
  const id = (prefix: string, g: string) => `md5('${prefix}' || ${g})::uuid`;
  await client.query(`
    INSERT INTO users (id, email, name, role, password_hash)
    SELECT ${id("c", "g")}, 'c' || g || '@bench.test', 'Client ' || g, 'CLIENT'::"Role", 'x' FROM generate_series(1, 1000) g
    UNION ALL SELECT ${id("f", "g")}, 'f' || g || '@bench.test', 'Freelancer ' || g, 'FREELANCER'::"Role", 'x' FROM generate_series(1, 1000) g`);
  await client.query(`
    INSERT INTO contracts (id, title, client_id, freelancer_id, created_by_id, status, hourly_rate_cents, weekly_payment_cents, starts_at, accepted_at)
    SELECT ${id("k", "g")}, 'Contract ' || g, ${id("c", "(1 + g % 1000)")}, ${id("f", "(1 + g % 1000)")}, ${id("c", "(1 + g % 1000)")}, 'ACTIVE'::"ContractStatus",
      1000 + (g * 37) % 19000, 0, '2024-05-06T00:00:00Z', '2024-05-06T00:00:00Z'
    FROM generate_series(1, ${CONTRACTS}) g`);
  for (let from = 1; from <= CONTRACTS; from += 1_000) {
    await client.query(`
      INSERT INTO segments (id, contract_id, slot_start, kind, memo, keyboard_counts, mouse_counts, activity_level, content_hash)
      SELECT (lpad(to_hex(g), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(s), 12, '0'))::uuid, ${id("k", "g")}, timestamptz '${WEEK}' + s * interval '10 minutes',
        'TRACKED', 'Work on the bench', '{5,9,0,3,5,7,5,2,5,5}', '{1,5,5,8,5,5,0,5,5,4}', 7, md5(g || '/' || s)
      FROM generate_series(${from}, ${Math.min(CONTRACTS, from + 999)}) g CROSS JOIN generate_series(0, ${PER_CONTRACT - 1}) s`);
  }
  // R10 the ledger: a charges account per client, an in-review account per freelancer, the platform's fees
  await client.query(`
    INSERT INTO ledger_accounts (id, code, kind, owner_id, allow_negative)
    SELECT ${id("ac", "g")}, 'client:' || ${id("c", "g")} || ':charges', 'CLIENT_CHARGES'::"LedgerAccountKind", ${id("c", "g")}, true FROM generate_series(1, 1000) g
    UNION ALL SELECT ${id("af", "g")}, 'freelancer:' || ${id("f", "g")} || ':in_review', 'FREELANCER_IN_REVIEW'::"LedgerAccountKind", ${id("f", "g")}, false FROM generate_series(1, 1000) g
    UNION ALL SELECT md5('fees')::uuid, 'platform:fees', 'PLATFORM_FEES'::"LedgerAccountKind", NULL, false`);
  await client.query("BEGIN");
  await client.query(`
    INSERT INTO ledger_transfers (id, reference_id, type, description, idempotency_key, created_at, contract_id, earning_id)
    SELECT ${id("t", "i")}, 'HG-BENCH-' || i, 'HOURLY'::"TransferType", 'Hourly', 'bench:' || i, timestamptz '${WEEK}' + i * interval '1 minute', ${id("k", "(1 + i % " + CONTRACTS + ")")}, ${id("t", "i")}
    FROM generate_series(1, ${TRANSFERS}) i`);
  await client.query(`
    INSERT INTO ledger_entries (transfer_id, account_id, amount_cents, created_at)
    SELECT ${id("t", "i")}, x.account, x.amount, timestamptz '${WEEK}' + i * interval '1 minute'
    FROM generate_series(1, ${TRANSFERS}) i CROSS JOIN LATERAL (VALUES
      (${id("ac", "(1 + i % 1000)")}, -10300), (${id("af", "(1 + i % 1000)")}, 9000), (md5('fees')::uuid, 1300)) x(account, amount)`);
  await client.query("COMMIT");
  await client.query(`
    INSERT INTO screenshots (id, segment_id, taken_at, storage_key, thumb_key, width, height, bytes, thumb_bytes)
    SELECT ${id("s", "g")}, (lpad(to_hex(g), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(0), 12, '0'))::uuid, timestamptz '${WEEK}',
      'screenshots/bench/' || g || '.jpg', 'screenshots/bench/' || g || '.webp', 1280, 800, 30720, 2048
    FROM generate_series(1, ${SCREENSHOTS}) g`);
  await client.query("VACUUM ANALYZE");
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await run();
  return { ms: performance.now() - t0, value };
}

async function main(): Promise<void> {
  ensurePgClientTools();
  const work = mkdtempSync(path.join(tmpdir(), "hourglass-bench-backup-files-"));
  try {
    await withThrowawayPostgres("backup", { ephemeral: process.argv.includes("--fsync-off") }, async ({ port, admin }) => {
      await admin.query("CREATE DATABASE bench");
      const url = urlFor(port, "bench");
      await migrate(url);
      const client = new pg.Client({ connectionString: url });
      client.on("error", () => undefined); // a failure stops the server under it
      await client.connect();
      const seeded = await timed(() => seed(client));
      const store = new LocalBlobStore(path.join(work, "storage"));
      const { rows: shots } = await client.query<{ storage_key: string; thumb_key: string }>("SELECT storage_key, thumb_key FROM screenshots");
      await eachLimited(shots, 16, async (shot) => {
        await store.put(shot.storage_key, randomBytes(30_720), "image/jpeg");
        await store.put(shot.thumb_key, randomBytes(2_048), "image/webp");
      });
      const { rows: sizes } = await client.query<{ rows: string; bytes: string; heap: string }>(
        `SELECT sum(c.reltuples)::bigint::text AS rows, sum(pg_total_relation_size(c.oid))::text AS bytes, sum(pg_table_size(c.oid))::text AS heap FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`,
      );
      const rawBytes = Number(sizes[0]!.bytes);
      const heapBytes = Number(sizes[0]!.heap);
      const fileBytes = shots.length * (30_720 + 2_048);
      const server = await pgServer(client);
      await client.end();
      console.log(`seeded in ${s(seeded.ms)}: ${SEGMENTS.toLocaleString("en-US")} segments, ${TRANSFERS.toLocaleString("en-US")} transactions (${(TRANSFERS * 3).toLocaleString("en-US")} entries), ${shots.length * 2} files (${mb(fileBytes)}); tables ${mb(rawBytes)} with their indexes, ${mb(heapBytes)} without (about ${Number(sizes[0]!.rows).toLocaleString("en-US")} rows)`);

      // the floor: pg_dump -Fc and pg_restore alone, on the same database and server
      const run = promisify(execFile);
      const connection = (u: string) => pgConnection(u);
      const floorFile = path.join(work, "floor.dump");
      const pgDump = await findPgTool("pg_dump", server);
      const pgRestore = await findPgTool("pg_restore", server);
      const floorDump = await timed(() => run(pgDump, ["--format=custom", "--file", floorFile, "--dbname", connection(url).dbname], { env: connection(url).env }));
      await admin.query("CREATE DATABASE floor_restore");
      const floorUrl = urlFor(port, "floor_restore");
      const floorRestore = await timed(() =>
        run(pgRestore, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", connection(floorUrl).dbname, floorFile], { env: connection(floorUrl).env }),
      );
      const floorBytes = statSync(floorFile).size;

      let t0 = performance.now();
      const log = (line: string) => console.error(`  ${s(performance.now() - t0).padStart(7)}  ${line}`);
      const backupDir = path.join(work, "backup");
      t0 = performance.now();
      const backup = await timed(() => createBackup({ databaseUrl: url, store, dir: backupDir, log }));
      const loadAfterBackup = loadavg()[0]!;
      await admin.query("CREATE DATABASE restored");
      t0 = performance.now();
      const restore = await timed(() => restoreBackup({ databaseUrl: urlFor(port, "restored"), store: new LocalBlobStore(path.join(work, "restored")), dir: backupDir, log }));
      const dumpBytes = backup.value.database.bytes;

      console.log(`\n| step | time | size |`);
      console.log(`| --- | ---: | ---: |`);
      console.log(`| pg_dump -Fc alone (floor) | ${s(floorDump.ms)} | ${mb(floorBytes)} |`);
      console.log(`| npm run backup (dump + ${backup.value.counts.files} files + checksums) | ${s(backup.ms)} | ${mb(dumpBytes)} + ${mb(backup.value.counts.fileBytes)} files |`);
      console.log(`| pg_restore alone (floor) | ${s(floorRestore.ms)} | |`);
      console.log(`| npm run restore (checksums, pg_restore, counts, files, migrations) | ${s(restore.ms)} | |`);
      console.log(`\ndump / tables: ${mb(dumpBytes)} / ${mb(rawBytes)} = ${((100 * dumpBytes) / rawBytes).toFixed(1)}% (the dump holds no indexes, compressed rows); without the indexes ${((100 * dumpBytes) / heapBytes).toFixed(1)}%`);
      console.log(`our dump / floor dump: ${((100 * dumpBytes) / floorBytes).toFixed(1)}%; backup time / floor: ${(backup.ms / floorDump.ms).toFixed(2)}x (files included); restore time / floor: ${(restore.ms / floorRestore.ms).toFixed(2)}x`);
      console.log(`load average (1 min) after the backup ${loadAfterBackup.toFixed(1)}, at the end ${loadavg()[0]!.toFixed(1)}`);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();

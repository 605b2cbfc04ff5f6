// Weekly close benchmark (prints, asserts nothing): 10,000 contracts x 120 segments against a set-based
// count over the same rows; steady state (accounts exist), median of BENCH_RUNS, plus one first-ever close.
// Run: npx tsx --conditions=react-server bench/ledger-close.bench.ts
import { pathToFileURL } from "node:url";
import pg from "pg";
import { urlFor } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { createPrismaClient, setDbForTests, sql } from "../lib/db/client";
import { closeWeek } from "../lib/ledger/close-week";
import { ensureAccountsForUsers } from "../lib/ledger/accounts";
import { withThrowawayPostgres } from "./support/throwaway-postgres";

const CONTRACTS = Number(process.env.BENCH_CONTRACTS ?? 10_000);
const SEGMENTS = 120;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WEEK = "2024-06-03T00:00:00Z";
const CLOSE = new Date("2024-06-10T12:00:00Z");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Users, contracts (a third with a 15 h limit, a tenth with a weekly payment), 120 segments each, set-based. */
async function seed(client: pg.Client): Promise<void> {
  await client.query(`
    INSERT INTO users (id, email, name, role, password_hash)
    SELECT md5('c' || g)::uuid, 'c' || g || '@bench.test', 'Client ' || g, 'CLIENT'::"Role", 'x' FROM generate_series(1, ${CONTRACTS / 5}) g
    UNION ALL
    SELECT md5('f' || g)::uuid, 'f' || g || '@bench.test', 'Freelancer ' || g, 'FREELANCER'::"Role", 'x' FROM generate_series(1, ${CONTRACTS}) g`);
  await client.query(`
    INSERT INTO contracts (id, title, client_id, freelancer_id, created_by_id, status, hourly_rate_cents, weekly_payment_cents, starts_at)
    SELECT md5('k' || g)::uuid, 'Contract ' || g, md5('c' || (1 + g % ${CONTRACTS / 5}))::uuid, md5('f' || g)::uuid, md5('c' || (1 + g % ${CONTRACTS / 5}))::uuid,
      'ACTIVE', 1000 + (g * 37) % 19000, CASE WHEN g % 10 = 0 THEN 50000 ELSE 0 END, '2024-05-06T00:00:00Z'
    FROM generate_series(1, ${CONTRACTS}) g`);
  await client.query(`
    INSERT INTO weekly_limit_changes (id, contract_id, limit_minutes, requested_at, effective_from, requested_by_id)
    SELECT md5('l' || g)::uuid, md5('k' || g)::uuid, CASE WHEN g % 3 = 0 THEN 900 ELSE NULL END, '2024-05-06T00:00:00Z', '2024-05-06T00:00:00Z', md5('c' || (1 + g % ${CONTRACTS / 5}))::uuid
    FROM generate_series(1, ${CONTRACTS}) g`);
  // 120 distinct slots per contract, spread over the week's 1008 (every 8th slot, shifted per contract)
  await client.query(`
    INSERT INTO segments (id, contract_id, slot_start, kind, memo, keyboard_counts, mouse_counts, activity_level, content_hash)
    SELECT md5('s' || g || ':' || s)::uuid, md5('k' || g)::uuid, timestamptz '${WEEK}' + (s * 8 + g % 8) * interval '10 minutes', 'TRACKED', 'Work',
      '{5,5,5,5,5,5,5,5,5,5}', '{5,5,5,5,5,5,5,5,5,5}', 10, 'h'
    FROM generate_series(1, ${CONTRACTS}) g, generate_series(0, ${SEGMENTS - 1}) s`);
  await client.query("VACUUM ANALYZE");
}

const LEDGER_TABLES = ["invoices", "ledger_transfers", "ledger_maturities", "ledger_entries"];

/**
 * What writing the close's rows costs on its own: the same rows, copied from a table in the
 * database into empty tables with the same columns, defaults, checks and indexes but no triggers
 * and no foreign keys, one INSERT ... SELECT per table in one process. No driver, no planning, no
 * ledger guarantees: a lower bound for any close that writes these rows with these indexes.
 */
async function writeRowsFloor(pool: pg.Pool): Promise<{ ms: number; rows: number }> {
  const client = await pool.connect();
  try {
    let ms = 0;
    let rows = 0;
    for (const table of LEDGER_TABLES) {
      await client.query(`CREATE TEMP TABLE src_${table} AS SELECT * FROM ${table}`);
      await client.query(`CREATE TABLE copy_${table} (LIKE ${table} INCLUDING ALL)`);
      const t0 = performance.now();
      const { rowCount } = await client.query(`INSERT INTO copy_${table} SELECT * FROM src_${table}`);
      ms += performance.now() - t0;
      rows += rowCount ?? 0;
    }
    return { ms, rows };
  } finally {
    client.release();
  }
}

export async function main(): Promise<void> {
  await withThrowawayPostgres("close", { ephemeral: true }, async ({ port, admin }) => {
    await admin.query("CREATE DATABASE bench_template");
    await migrate(urlFor(port, "bench_template"));
    const seeding = new pg.Client({ connectionString: urlFor(port, "bench_template") });
    seeding.on("error", () => undefined);
    await seeding.connect();
    const t = performance.now();
    await seed(seeding);
    await seeding.end();
    console.log(`seeded ${CONTRACTS.toLocaleString("en-US")} contracts x ${SEGMENTS} segments in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // the steady state: the same data with every ledger account already there
    await admin.query("CREATE DATABASE bench_warm TEMPLATE bench_template");
    const warm = createPrismaClient(urlFor(port, "bench_warm"));
    setDbForTests(warm);
    const users = await warm.$queryRaw<Array<{ f: string; c: string }>>`SELECT freelancer_id::text AS f, client_id::text AS c FROM contracts`;
    await ensureAccountsForUsers([...new Set(users.map((u) => u.f))], [...new Set(users.map((u) => u.c))]);
    await warm.$executeRawUnsafe("VACUUM ANALYZE ledger_accounts");
    await warm.$disconnect();

    const measure = async (template: string, label: string) => {
      const name = `bench_run_${label.replace(/\W/g, "_")}`;
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      const prisma = createPrismaClient(urlFor(port, name));
      setDbForTests(prisma); // a new client: nothing cached from an earlier run
      // The floor goes through the same driver path as the close (the pg pool under the Prisma
      // client, sql()): through Prisma's raw-query engine the same aggregate costs more, which
      // would flatter the ratio. That figure is printed alongside for comparison with earlier runs.
      const weekStart = new Date(WEEK);
      const weekEnd = new Date(weekStart.getTime() + 7 * 86_400_000);
      const floorQuery = () =>
        sql().query(
          `SELECT contract_id, count(*) FROM segments
           WHERE slot_start >= $1 AND slot_start < $2 AND deleted_at IS NULL
           GROUP BY contract_id`,
          [weekStart, weekEnd],
        );
      const prismaFloorQuery = () => prisma.$queryRaw`
        SELECT contract_id, count(*) FROM segments
        WHERE slot_start >= ${weekStart} AND slot_start < ${weekEnd} AND deleted_at IS NULL
        GROUP BY contract_id`;
      await floorQuery(); // both paths read warm caches
      await prismaFloorQuery();
      const f: number[] = [];
      const pf: number[] = [];
      for (let i = 0; i < 3; i++) {
        const s0 = performance.now();
        await floorQuery();
        f.push(performance.now() - s0);
        const s1 = performance.now();
        await prismaFloorQuery();
        pf.push(performance.now() - s1);
      }
      const s0 = performance.now();
      const result = await closeWeek({ weekStart: new Date(WEEK), now: CLOSE });
      const close = performance.now() - s0;
      const floor = median(f);
      const [ledger] = await prisma.$queryRaw<Array<{ transfers: bigint; entries: bigint }>>`SELECT (SELECT count(*) FROM ledger_transfers) AS transfers, (SELECT count(*) FROM ledger_entries) AS entries`;
      console.log(
        `${label}: close ${close.toFixed(0)} ms (read ${result.timingsMs.read.toFixed(0)}, plan ${result.timingsMs.plan.toFixed(0)}, write ${result.timingsMs.write.toFixed(0)}) ` +
          `| floor ${floor.toFixed(0)} ms (through Prisma ${median(pf).toFixed(0)} ms) | ratio ${(close / floor).toFixed(2)}x | ${result.invoicesCreated} invoices, ${ledger!.transfers} transfers, ${ledger!.entries} entries`,
      );
      const rowsFloor = label === "run 1" ? await writeRowsFloor(sql()) : null;
      await prisma.$disconnect();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      return { close, floor, rowsFloor };
    };

    const runs: Array<{ close: number; floor: number; rowsFloor: { ms: number; rows: number } | null }> = [];
    for (let run = 1; run <= RUNS; run++) runs.push(await measure("bench_warm", `run ${run}`));
    const first = await measure("bench_template", "first-ever close (creates the accounts)");
    const close = median(runs.map((r) => r.close));
    const floor = median(runs.map((r) => r.floor));
    const ratio = median(runs.map((r) => r.close / r.floor));
    console.log(`\nweekly close of ${(CONTRACTS * SEGMENTS).toLocaleString("en-US")} segments (${CONTRACTS.toLocaleString("en-US")} contracts), median of ${RUNS}: ${(close / 1000).toFixed(2)} s (target < 60 s)`);
    console.log(`floor (one set-based aggregate over the same rows), median: ${floor.toFixed(0)} ms`);
    console.log(`ratio to the floor, median of the runs' own ratios: ${ratio.toFixed(2)}x (target <= 3x)`);
    const { rowsFloor } = runs[0]!;
    if (rowsFloor) {
      console.log(
        `writing the same ${rowsFloor.rows.toLocaleString("en-US")} rows alone (same indexes; no triggers, foreign keys or driver; one process): ${rowsFloor.ms.toFixed(0)} ms, ` +
          `${(rowsFloor.ms / runs[0]!.floor).toFixed(2)}x the floor`,
      );
    }
    console.log(`first-ever close, creating the ledger accounts too: ${(first.close / 1000).toFixed(2)} s, ${(first.close / first.floor).toFixed(2)}x its floor`);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();

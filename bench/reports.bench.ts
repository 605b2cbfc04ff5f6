// Transaction History benchmark for a freelancer with 100,000 transactions, seeded into a throwaway database:
// first-page server time (p50/p95) against floors from the same Prisma client, and the CSV export's
// peak RSS against the same process idle. Prints, asserts nothing:
// npx tsx --conditions=react-server bench/reports.bench.ts
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { urlFor } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { createPrismaClient, setDbForTests } from "../lib/db/client";
import { accountIdOf, clientAccountSpecs, ensureAccounts, freelancerAccount, freelancerAccountSpecs, platformAccountSpecs } from "../lib/ledger/accounts";
import type { CurrentUser } from "../lib/auth/current-user";
import { withThrowawayPostgres } from "./support/throwaway-postgres";

const NOW = new Date("2024-06-12T15:00:00Z");
const CONTRACTS = 500;
const WEEKS = 120; // 60,000 invoices
const BONUSES = 20_000;
const WITHDRAWALS = 20_000;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** The freelancer's 100,000 transactions and everything they hang on, in a few set-based statements. */
export async function seed(url: string): Promise<{ freelancer: CurrentUser }> {
  const prisma = createPrismaClient(url);
  setDbForTests(prisma);
  const f = await prisma.user.create({ data: { email: "fiona@bench.test", name: "Fiona", role: "FREELANCER", passwordHash: "x" } });
  const c = await prisma.user.create({ data: { email: "clara@bench.test", name: "Clara", role: "CLIENT", passwordHash: "x" } });
  await ensureAccounts([...freelancerAccountSpecs(f.id), ...clientAccountSpecs(c.id), ...platformAccountSpecs()]);
  await prisma.$disconnect();
  const acc = (s: "in_review" | "pending" | "available") => accountIdOf(freelancerAccount(f.id, s));
  const client = accountIdOf(`client:${c.id}:charges`);
  const fees = accountIdOf("platform:fees");
  const lastWeek = Date.UTC(2024, 5, 3); // Monday 3 June 2024: the newest closed week (in review at NOW)
  const sql = new pg.Client({ connectionString: url });
  sql.on("error", () => undefined);
  await sql.connect();
  const run = (text: string, params: unknown[] = []) => sql.query(text, params);
  await run("BEGIN");
  await run(`INSERT INTO contracts (id, title, client_id, freelancer_id, status, hourly_rate_cents, starts_at, created_by_id)
    SELECT md5('contract' || k)::uuid, 'Contract ' || k, $1, $2, 'ACTIVE', 3000, '2021-01-04', $1 FROM generate_series(0, ${CONTRACTS - 1}) k`, [c.id, f.id]);
  // invoice i: contract i % 500, week i / 500 back from the newest; $300 gross (10 h at $30), 10% service fee, 3% client fee
  await run(`CREATE TEMP TABLE inv AS SELECT i, md5('contract' || (i % ${CONTRACTS}))::uuid AS contract_id,
      to_timestamp(${lastWeek / 1000} - (i / ${CONTRACTS}) * 604800) AS week_start FROM generate_series(0, ${CONTRACTS * WEEKS - 1}) i`);
  await run(`INSERT INTO invoices (id, reference_id, contract_id, week_start, billed_minutes, over_limit_minutes, hourly_rate_cents, hourly_amount_cents, weekly_payment_cents,
      client_fee_cents, service_fee_cents, total_charged_cents, hourly_client_fee_cents, hourly_service_fee_cents, weekly_payment_percent, closed_at)
    SELECT md5('invoice' || i)::uuid, 'HG-INV-B-' || i, contract_id, week_start, 600, 0, 3000, 30000, 0, 900, 3000, 30900, 900, 3000, 0, week_start + interval '7 days 12 hours' FROM inv`);
  // hourly transfers at each close; maturity steps (pending, available) for all but the newest week
  await run(`INSERT INTO ledger_transfers (id, reference_id, type, description, idempotency_key, created_at, contract_id, invoice_id, earning_id)
    SELECT md5('h' || i)::uuid, 'HG-INV-B-' || i, 'HOURLY'::"TransferType", 'Hourly', 'h' || i, week_start + interval '7 days 12 hours', contract_id, md5('invoice' || i)::uuid, md5('h' || i)::uuid FROM inv
    UNION ALL
    SELECT md5('p' || i)::uuid, 'HG-INV-B-' || i || '-P', 'MATURITY'::"TransferType", 'Pending', 'p' || i, week_start + interval '12 days', contract_id, md5('invoice' || i)::uuid, md5('h' || i)::uuid FROM inv WHERE i >= ${CONTRACTS}
    UNION ALL
    SELECT md5('a' || i)::uuid, 'HG-INV-B-' || i || '-A', 'MATURITY'::"TransferType", 'Available', 'a' || i, week_start + interval '16 days', contract_id, md5('invoice' || i)::uuid, md5('h' || i)::uuid FROM inv WHERE i >= ${CONTRACTS}`);
  await run(`INSERT INTO ledger_entries (transfer_id, account_id, amount_cents, created_at)
    SELECT md5('h' || i)::uuid, x.account, x.amount, week_start + interval '7 days 12 hours' FROM inv
      CROSS JOIN (VALUES ($1::uuid, -30900), ($2::uuid, 27000), ($3::uuid, 3900)) x(account, amount)`, [client, acc("in_review"), fees]);
  await run(`INSERT INTO ledger_entries (transfer_id, account_id, amount_cents, created_at)
    SELECT md5(x.step || i)::uuid, x.account, x.amount, week_start + x.after FROM inv
      CROSS JOIN (VALUES ('p', $1::uuid, -27000, interval '12 days'), ('p', $2::uuid, 27000, interval '12 days'),
                         ('a', $2::uuid, -27000, interval '16 days'), ('a', $3::uuid, 27000, interval '16 days')) x(step, account, amount, after)
    WHERE i >= ${CONTRACTS}`, [acc("in_review"), acc("pending"), acc("available")]);
  await run(`INSERT INTO ledger_maturities (earning_id, user_id, stage, pending_at, available_at, due_at)
    SELECT md5('h' || i)::uuid, $1, 'PENDING'::"MaturityStage", week_start + interval '12 days', week_start + interval '16 days', week_start + interval '12 days' FROM inv WHERE i < ${CONTRACTS}`, [f.id]);
  // bonuses every ~52 minutes back from NOW ($100 net to the freelancer), available 5 days later
  const span = (NOW.getTime() - Date.UTC(2022, 0, 1)) / 1000;
  await run(`CREATE TEMP TABLE bon AS SELECT k, to_timestamp(${NOW.getTime() / 1000 - 3600} - k * ${span / BONUSES}) AS at FROM generate_series(0, ${BONUSES - 1}) k`);
  await run(`INSERT INTO ledger_transfers (id, reference_id, type, description, idempotency_key, created_at, contract_id, earning_id)
    SELECT md5('b' || k)::uuid, 'HG-BON-B-' || k, 'BONUS'::"TransferType", 'Bonus: thanks', 'b' || k, at, md5('contract' || (k % ${CONTRACTS}))::uuid, md5('b' || k)::uuid FROM bon
    UNION ALL
    SELECT md5('ba' || k)::uuid, 'HG-BON-B-' || k || '-A', 'MATURITY'::"TransferType", 'Available', 'ba' || k, at + interval '5 days', md5('contract' || (k % ${CONTRACTS}))::uuid, md5('b' || k)::uuid FROM bon WHERE at + interval '5 days' <= $1`, [NOW]);
  await run(`INSERT INTO ledger_entries (transfer_id, account_id, amount_cents, created_at)
    SELECT md5('b' || k)::uuid, x.account, x.amount, at FROM bon CROSS JOIN (VALUES ($1::uuid, -11330), ($2::uuid, 10000), ($3::uuid, 1330)) x(account, amount)`, [client, acc("pending"), fees]);
  await run(`INSERT INTO ledger_entries (transfer_id, account_id, amount_cents, created_at)
    SELECT md5('ba' || k)::uuid, x.account, x.amount, at + interval '5 days' FROM bon CROSS JOIN (VALUES ($1::uuid, -10000), ($2::uuid, 10000)) x(account, amount)
    WHERE at + interval '5 days' <= $3`, [acc("pending"), acc("available"), NOW]);
  await run(`INSERT INTO ledger_maturities (earning_id, user_id, stage, pending_at, available_at, due_at)
    SELECT md5('b' || k)::uuid, $1, 'AVAILABLE'::"MaturityStage", NULL, at + interval '5 days', at + interval '5 days' FROM bon WHERE at + interval '5 days' > $2`, [f.id, NOW]);
  // withdrawals of $500 every ~52 minutes, offset from the bonuses (into the platform's clearing: enough is available)
  const clearing = accountIdOf(`platform:payout_clearing:00`);
  await run(`INSERT INTO ledger_accounts (id, code, kind, owner_id, allow_negative) VALUES ($1, 'platform:payout_clearing:00', 'PLATFORM_PAYOUT_CLEARING', NULL, false) ON CONFLICT DO NOTHING`, [clearing]);
  await run(`INSERT INTO ledger_transfers (id, reference_id, type, description, idempotency_key, created_at)
    SELECT md5('w' || k)::uuid, 'HG-WDR-B-' || k, 'WITHDRAWAL', 'Withdrawal to ACH', 'w' || k, to_timestamp(${NOW.getTime() / 1000 - 1800} - k * ${span / WITHDRAWALS}) FROM generate_series(0, ${WITHDRAWALS - 1}) k`);
  await run(`INSERT INTO ledger_entries (transfer_id, account_id, amount_cents, created_at)
    SELECT t.id, x.account, x.amount, t.created_at FROM ledger_transfers t CROSS JOIN (VALUES ($1::uuid, -50000), ($2::uuid, 50000)) x(account, amount) WHERE t.type = 'WITHDRAWAL'`, [acc("available"), clearing]);
  await run("COMMIT");
  await run("VACUUM ANALYZE");
  const [{ n }] = (await run(`SELECT count(*)::int AS n FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.owner_id = $1`, [f.id])).rows as [{ n: number }];
  console.log(`seeded: 100,000 transactions (${CONTRACTS * WEEKS} hourly, ${BONUSES} bonuses, ${WITHDRAWALS} withdrawals), ${n.toLocaleString("en-US")} entries on the freelancer's accounts`);
  await sql.end();
  return { freelancer: { id: f.id, email: f.email, name: f.name, role: "FREELANCER", timezone: "UTC" } };
}

/** The child: streams the whole CSV into a counter and reports its RSS idle and at peak. */
async function child(url: string, userId: string): Promise<void> {
  const { historyCsv } = await import("../lib/reports/export-csv");
  const { readHistoryPage } = await import("../lib/reports/list-transactions");
  setDbForTests(createPrismaClient(url));
  const user: CurrentUser = { id: userId, email: "fiona@bench.test", name: "Fiona", role: "FREELANCER", timezone: "UTC" };
  await readHistoryPage(user, { limit: 50 }, NOW); // warm: modules, engine, connection
  global.gc?.();
  await new Promise((r) => setTimeout(r, 300));
  const idle = process.memoryUsage().rss;
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t = performance.now();
  const csv = historyCsv(user, { from: new Date("2000-01-01T00:00:00Z") }, NOW)!;
  let bytes = 0;
  let lines = 0;
  const reader = csv.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const b of value) if (b === 10) lines++;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  clearInterval(sampler);
  process.stdout.write(JSON.stringify({ idle, peak, bytes, lines, ms: performance.now() - t }) + "\n");
  process.exit(0);
}

export async function main(): Promise<void> {
  await withThrowawayPostgres("reports", { ephemeral: true }, async ({ port, admin }) => {
    await admin.query("CREATE DATABASE bench");
    const url = urlFor(port, "bench");
    await migrate(url);
    const t0 = performance.now();
    const { freelancer } = await seed(url);
    console.log(`seed took ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const prisma = createPrismaClient(url);
    setDbForTests(prisma);
    const { listTransactions, historyPageSql } = await import("../lib/reports/list-transactions");
    const { historyQuery } = await import("../lib/validation/reports");
    const available = accountIdOf(freelancerAccount(freelancer.id, "available"));
    const firstPage = async () => JSON.stringify(await listTransactions(freelancer, historyQuery.parse({}), NOW));
    const sample = JSON.parse(await firstPage()) as { transactions: unknown[]; nextCursor: string };
    console.log(`first page (default: last 30 days): ${sample.transactions.length} lines, next cursor ${sample.nextCursor ? "present" : "absent"}`);

    // the page's own statement through the raw pg driver: what the database costs without Prisma and the lines
    const pageSql = historyPageSql(freelancer, { limit: 50 }, NOW)!;
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();

    // interleaved rounds, so the floors and the page see the same machine load
    const page: number[] = [];
    const select1: number[] = [];
    const rawKeyset: number[] = [];
    const rawStatement: number[] = [];
    for (let round = 0; round < 3; round++) {
      select1.push(...(await timed(ITERATIONS / 3, () => prisma.$queryRaw`SELECT 1`)));
      rawKeyset.push(...(await timed(ITERATIONS / 3, () => prisma.$queryRaw`SELECT id, created_at, amount_cents, transfer_id FROM ledger_entries WHERE account_id = ${available}::uuid ORDER BY created_at DESC, id DESC LIMIT 51`)));
      rawStatement.push(...(await timed(ITERATIONS / 3, () => raw.query(pageSql.text, pageSql.values))));
      page.push(...(await timed(ITERATIONS / 3, firstPage)));
    }
    await raw.end();
    const p = (xs: number[]) => `p50 ${quantile(xs, 0.5).toFixed(2)} ms, p95 ${quantile(xs, 0.95).toFixed(2)} ms`;
    console.log(`\nfirst page, in-process route work (${page.length} calls): ${p(page)}`);
    console.log(`floor SELECT 1 (same client): ${p(select1)}  -> page p95 / floor p95 = ${(quantile(page, 0.95) / quantile(select1, 0.95)).toFixed(1)}x`);
    console.log(`floor raw keyset, 51 newest entries of one account: ${p(rawKeyset)}  -> page p95 / floor p95 = ${(quantile(page, 0.95) / quantile(rawKeyset, 0.95)).toFixed(1)}x`);
    console.log(`the page's statement alone, raw pg driver: ${p(rawStatement)}  -> page p95 / statement p95 = ${(quantile(page, 0.95) / quantile(rawStatement, 0.95)).toFixed(1)}x`);
    console.log(`target: page p95 under 50 ms -> ${quantile(page, 0.95) < 50 ? "met" : "NOT met"}`);

    // deeper pages and a sparse filter, for information
    let cursor: string | null = sample.nextCursor;
    for (let i = 0; i < 40 && cursor; i++) {
      cursor = ((await listTransactions(freelancer, historyQuery.parse({ from: "2000-01-01", cursor, limit: "500" }), NOW)) as { nextCursor: string | null }).nextCursor;
    }
    if (cursor) {
      const c = cursor;
      const deep = await timed(30, () => listTransactions(freelancer, historyQuery.parse({ from: "2000-01-01", cursor: c }), NOW));
      console.log(`a page ~20,000 transactions deep (all time, by cursor): ${p(deep)}`);
    }
    const withdrawalsAllTime = await timed(30, () => listTransactions(freelancer, historyQuery.parse({ from: "2000-01-01", type: "WITHDRAWAL" }), NOW));
    console.log(`first page, withdrawals only, all time: ${p(withdrawalsAllTime)}`);
    await prisma.$disconnect();

    // CSV export memory, in a process of its own
    const result = await new Promise<{ idle: number; peak: number; bytes: number; lines: number; ms: number }>((resolve, reject) => {
      const proc = spawn(process.execPath, [...process.execArgv, "--expose-gc", process.argv[1]!, "--child", url, freelancer.id], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
      proc.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1)!)) : reject(new Error(`child exited ${code}`))));
    });
    const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
    console.log(`\nCSV export, all 100,000 transactions: ${result.lines.toLocaleString("en-US")} CSV lines (header + gross and fee lines), ${mb(result.bytes)} in ${(result.ms / 1000).toFixed(1)} s`);
    console.log(`peak RSS ${mb(result.peak)}; floor (same process idle, before the export) ${mb(result.idle)}; peak - floor = ${mb(result.peak - result.idle)}; peak / floor = ${(result.peak / result.idle).toFixed(2)}x`);
    console.log(`target: peak under 300 MB -> ${result.peak < 300 * 1048576 ? "met" : "NOT met"}`);
  });
}

if (process.argv[2] === "--child") await child(process.argv[3]!, process.argv[4]!);
else if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();

// Proof chain benchmark (prints, asserts nothing): npm run bench -- proof-chain. On a throwaway PostgreSQL,
// what R15.2's append costs the ingest's database work: a segment row alone, the row and its record in one
// statement (as ingest sends them), the same through appendProofRecords in a transaction (32 contracts in
// parallel, and all 32 loops on one contract, queued on the head's lock), and checkChain of a full week.
import { randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { startEmbeddedPostgres, ensureDatabaseExists, urlFor } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { appendProofRecords, pgTransaction, recordTemplate } from "../lib/proof/chain";
import { segmentAddedDraft } from "../lib/proof/drafts";
import { GENESIS, checkChain } from "../verifier/src/records";

const LOOPS = 32;
const RUN_MS = 5_000;
const WARMUP_MS = 1_000;
const SLOT_MS = 600_000;
const WEEK_START = Date.parse("2024-06-10T00:00:00Z");
const COUNTS = [3, 5, 8, 1, 0, 0, 12, 7, 4, 2];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

/** `work` from LOOPS loops for RUN_MS after a warm-up: completed operations per second, p50 and p95 in ms. */
async function load(work: (loop: number) => Promise<void>): Promise<{ perSecond: number; p50: number; p95: number }> {
  const measureFrom = performance.now() + WARMUP_MS;
  const end = measureFrom + RUN_MS;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: LOOPS }, async (_, loop) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await work(loop);
        const t1 = performance.now();
        if (t0 >= measureFrom && t1 <= end) latencies.push(t1 - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
  return { perSecond: latencies.length / (RUN_MS / 1000), p50: at(50), p95: at(95) };
}

// what ingest sends now (lib/ingest/store-segment.ts): the row and its record in one statement, linked by the trigger
const INSERT_WITH_RECORD = `WITH seg AS (
    INSERT INTO segments (id, contract_id, slot_start, kind, memo, keyboard_counts, mouse_counts, activity_level, content_hash, created_at)
    VALUES ($1::uuid, $2::uuid, $3::timestamptz, 'TRACKED', 'Bench', $4::int[], $4::int[], 5, 'x', $5::timestamptz) RETURNING id
  ) INSERT INTO proof_records (contract_id, seq, prev_hash, hash, kind, slot, at, record)
    SELECT $2::uuid, 0, '', '', 'segment_added', $3::timestamptz, $5::timestamptz, $6::text FROM seg`;

const INSERT = `INSERT INTO segments (id, contract_id, slot_start, kind, memo, keyboard_counts, mouse_counts, activity_level, content_hash, created_at)
  VALUES ($1::uuid, $2::uuid, $3::timestamptz, 'TRACKED', 'Bench', $4::int[], $4::int[], 5, 'x', $5::timestamptz)`;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "hourglass-bench-proof-"));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), port, ephemeral: true });
  const pool = new pg.Pool({ connectionString: urlFor(port, "hourglass"), max: 10 });
  pool.on("error", () => undefined);
  try {
    await ensureDatabaseExists(server.adminUrl, "hourglass");
    await migrate(urlFor(port, "hourglass"));
    const clientId = randomUUID();
    const freelancerId = randomUUID();
    await pool.query(`INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, 'c@bench.test', 'C', 'CLIENT', 'x'), ($2, 'f@bench.test', 'F', 'FREELANCER', 'x')`, [clientId, freelancerId]);
    const contract = async () => {
      const id = randomUUID();
      await pool.query(`INSERT INTO contracts (id, title, client_id, freelancer_id, status, hourly_rate_cents, starts_at, created_by_id) VALUES ($1, 'Bench', $2, $3, 'ACTIVE', 3000, '2024-06-01', $2)`, [id, clientId, freelancerId]);
      return { id, next: 0 };
    };
    const sets = { alone: [] as Array<{ id: string; next: number }>, chained: [] as Array<{ id: string; next: number }> };
    for (let i = 0; i < LOOPS; i++) {
      sets.alone.push(await contract());
      sets.chained.push(await contract());
    }
    const shared = await contract();
    const now = new Date();
    const nextSlot = (c: { next: number }) => new Date(WEEK_START + c.next++ * SLOT_MS);
    const draft = (segmentId: string, contractId: string, slot: Date) =>
      segmentAddedDraft(
        segmentId,
        { contract: contractId, slot: slot.toISOString(), screenshotSha256: "ab".repeat(32), keyboard: COUNTS, mouse: COUNTS, memo: "Bench", takenAt: slot.toISOString(), device: randomUUID(), manual: false },
        { keyId: "cd".repeat(16), sig: "A".repeat(86) },
        now,
      );
    const withRecord = async (c: { id: string; next: number }) => {
      const id = randomUUID();
      const slot = nextSlot(c);
      await pgTransaction(pool, async (client) => {
        await client.query({ name: "bench-insert", text: INSERT, values: [id, c.id, slot.toISOString(), COUNTS, now.toISOString()] });
        await appendProofRecords(client, c.id, [draft(id, c.id, slot)]);
      });
    };

    const oneStatement = async (c: { id: string; next: number }) => {
      const id = randomUUID();
      const slot = nextSlot(c);
      await pool.query({ name: "bench-insert-with-record", text: INSERT_WITH_RECORD, values: [id, c.id, slot.toISOString(), COUNTS, now.toISOString(), recordTemplate(c.id, draft(id, c.id, slot))] });
    };
    const sets2 = { statement: [] as Array<{ id: string; next: number }> };
    for (let i = 0; i < LOOPS; i++) sets2.statement.push(await contract());

    const alone = await load(async (loop) => {
      const c = sets.alone[loop]!;
      await pool.query({ name: "bench-insert", text: INSERT, values: [randomUUID(), c.id, nextSlot(c).toISOString(), COUNTS, now.toISOString()] });
    });
    const statement = await load((loop) => oneStatement(sets2.statement[loop]!));
    const chained = await load((loop) => withRecord(sets.chained[loop]!));
    const oneContract = await load(() => withRecord(shared));

    const { rows } = await pool.query<{ record: string }>(`SELECT record FROM proof_records WHERE contract_id = $1 ORDER BY seq LIMIT 1008`, [shared.id]);
    const t0 = performance.now();
    const check = await checkChain(rows.map((r) => r.record), GENESIS, { contract: shared.id });
    const checkMs = performance.now() - t0;

    const line = (name: string, r: { perSecond: number; p50: number; p95: number }) =>
      `  ${name.padEnd(58)} ${r.perSecond.toFixed(0).padStart(6)} segments/s  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms`;
    console.log(
      [
        `proof chain (R15.2), ${LOOPS} loops, pool of 10, ${RUN_MS / 1000} s each:`,
        line("segment row alone (one statement, as before the chain)", alone),
        line("row + its record in one statement (ingest), 32 contracts", statement),
        line("row + appendProofRecords in a transaction, 32 contracts", chained),
        line("row + appendProofRecords in a transaction, one contract", oneContract),
        `  with the chain: ingest's one statement ${((statement.perSecond / alone.perSecond) * 100).toFixed(0)}% of the row alone; in a transaction ${((chained.perSecond / alone.perSecond) * 100).toFixed(0)}% over 32 contracts, ${((oneContract.perSecond / alone.perSecond) * 100).toFixed(0)}% on one contract`,
        `  checkChain of ${rows.length} records (a full week of one contract): ${checkMs.toFixed(0)} ms, ${check.problems.length} problems`,
      ].join("\n"),
    );
  } finally {
    await pool.end();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

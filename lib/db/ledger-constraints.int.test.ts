// The database itself guards the ledger (docs/rules.md R10.4, R11): these tests go
// around the application on purpose, with raw SQL.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";

const tdb = await setupTestDatabase();
let client: pg.Client;

async function account(code: string, allowNegative: boolean): Promise<string> {
  const id = randomUUID();
  await client.query(`INSERT INTO ledger_accounts (id, code, kind, allow_negative) VALUES ($1, $2, 'FREELANCER_AVAILABLE', $3)`, [id, code, allowNegative]);
  return id;
}

async function transfer(entries: Array<[string, number]>): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      `INSERT INTO ledger_transfers (id, reference_id, type, description, idempotency_key, created_at) VALUES ($1, $2, 'ADJUSTMENT', 'test', $3, now())`,
      [id, `T-${id.slice(0, 8)}`, id],
    );
    for (const [accountId, amount] of entries) {
      await client.query(`INSERT INTO ledger_entries (transfer_id, account_id, amount_cents, created_at) VALUES ($1, $2, $3, now())`, [id, accountId, amount]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

async function balance(id: string): Promise<number> {
  const r = await client.query(`SELECT balance_cents::int AS b FROM ledger_accounts WHERE id = $1`, [id]);
  return r.rows[0].b;
}

beforeAll(async () => {
  client = new pg.Client({ connectionString: tdb.url });
  await client.connect();
});
afterAll(() => client.end());

describe("ledger constraints", () => {
  it("moves balances with entries and keeps them equal to the sum of entries", async () => {
    const source = await account(`src-${randomUUID()}`, true);
    const target = await account(`dst-${randomUUID()}`, false);
    await transfer([[source, -1500], [target, 1500]]);
    await transfer([[source, -250], [target, 250]]);
    expect(await balance(target)).toBe(1750);
    expect(await balance(source)).toBe(-1750);
    const sums = await client.query(`SELECT sum(amount_cents)::int AS s FROM ledger_entries WHERE account_id = $1`, [target]);
    expect(sums.rows[0].s).toBe(1750);
  });

  it("rejects a transfer whose entries do not sum to zero, at commit, leaving nothing behind", async () => {
    const source = await account(`src-${randomUUID()}`, true);
    const target = await account(`dst-${randomUUID()}`, false);
    await expect(transfer([[source, -1000], [target, 999]])).rejects.toMatchObject({ code: "23514" });
    expect(await balance(target)).toBe(0);
    expect(await balance(source)).toBe(0);
  });

  it("rejects a one-legged transfer", async () => {
    const source = await account(`src-${randomUUID()}`, true);
    await expect(transfer([[source, 0 + 5]])).rejects.toMatchObject({ code: "23514" });
  });

  it("refuses to take an account that must not go negative below zero (SQLSTATE 23514)", async () => {
    const funding = await account(`src-${randomUUID()}`, true);
    const available = await account(`avail-${randomUUID()}`, false);
    const paidOut = await account(`paid-${randomUUID()}`, true);
    await transfer([[funding, -10_000], [available, 10_000]]);
    await expect(transfer([[available, -10_001], [paidOut, 10_001]])).rejects.toMatchObject({ code: "23514" });
    await transfer([[available, -10_000], [paidOut, 10_000]]);
    expect(await balance(available)).toBe(0);
  });

  it("never lets entries or transfers be rewritten, nor a balance be set by hand", async () => {
    const source = await account(`src-${randomUUID()}`, true);
    const target = await account(`dst-${randomUUID()}`, false);
    await transfer([[source, -100], [target, 100]]);
    await expect(client.query(`UPDATE ledger_entries SET amount_cents = 1 WHERE account_id = $1`, [target])).rejects.toMatchObject({ code: "42501" });
    await expect(client.query(`DELETE FROM ledger_entries WHERE account_id = $1`, [target])).rejects.toMatchObject({ code: "42501" });
    await expect(client.query(`DELETE FROM ledger_transfers`)).rejects.toMatchObject({ code: "42501" });
    await expect(client.query(`UPDATE ledger_accounts SET balance_cents = 1000000 WHERE id = $1`, [target])).rejects.toMatchObject({ code: "42501" });
    expect(await balance(target)).toBe(100);
  });
});

describe("segment constraints", () => {
  it("allows one live segment per contract slot, and only aligned slots", async () => {
    const { prisma } = tdb;
    const { makeUser, makeContract } = await import("../../tests/support/factories");
    const client_ = await makeUser(prisma, "CLIENT");
    const freelancer = await makeUser(prisma, "FREELANCER");
    const contract = await makeContract(prisma, client_, freelancer);
    const base = { contractId: contract.id, kind: "MANUAL" as const, memo: "m", keyboardCounts: [], mouseCounts: [], activityLevel: 0, contentHash: "x" };
    const slotStart = new Date("2024-06-04T10:10:00Z");
    const first = await prisma.segment.create({ data: { ...base, id: randomUUID(), slotStart } });
    await expect(prisma.segment.create({ data: { ...base, id: randomUUID(), slotStart } })).rejects.toThrow();
    await prisma.segment.update({ where: { id: first.id }, data: { deletedAt: new Date() } });
    await expect(prisma.segment.create({ data: { ...base, id: randomUUID(), slotStart } })).resolves.toBeTruthy();
    await expect(prisma.segment.create({ data: { ...base, id: randomUUID(), slotStart: new Date("2024-06-04T10:15:00Z") } })).rejects.toThrow();
  });
});

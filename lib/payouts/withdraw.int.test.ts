// R10.2 / R10.4 withdrawals under concurrency, on a real PostgreSQL. The same
// scenario is run against the service and against a naive read-then-write
// version kept here, which must fail it: proof that the test can tell.
process.env.DATABASE_POOL_SIZE = "60"; // enough connections for requests to really race
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeUser } from "../../tests/support/factories";
import { balanceOf, expectLedgerInvariants, fundAvailable } from "../../tests/support/ledger";
import { db } from "../db/client";
import { quoteWithdrawal } from "../billing";
import { ensureAccounts, freelancerAccount, freelancerAccountSpecs, idOf, payoutAccountSpecs, payoutClearingAccount, payoutShardOf } from "../ledger/accounts";
import { bookTransfers } from "../ledger/book";
import { transaction } from "../ledger/db";
import { isOverdraft } from "../ledger/pg-errors";
import { setNoticeSink, type Notice } from "../realtime/notify";
import { withdraw, type WithdrawInput } from "./withdraw";
import { processPayouts } from "./process-payouts";
import { setPayoutProviderForTests } from "./provider";
import { SandboxPayoutProvider } from "./sandbox-provider";

const { prisma } = await setupTestDatabase();
const NOW = new Date("2024-06-19T09:00:00Z");
const notices: Notice[] = [];
beforeAll(() => {
  setNoticeSink((n) => notices.push(n));
  setPayoutProviderForTests(new SandboxPayoutProvider({ settleAfterMs: 60_000 }));
});
afterEach(() => expectLedgerInvariants(prisma));

type WithdrawFn = (userId: string, input: WithdrawInput) => Promise<{ withdrawal: { id: string } }>;
const service: WithdrawFn = (userId, input) => withdraw({ id: userId }, input, NOW);

/** The bug this suite exists to catch: read the balance, decide, then write, with nothing held in between. */
const naive: WithdrawFn = async (userId, input) => {
  const available = await balanceOf(db(), freelancerAccount(userId, "available"));
  const quote = quoteWithdrawal({ amountCents: input.amountCents, availableCents: Number(available), method: "ACH", methodAddedAt: new Date(NOW.getTime() - 10 * 86_400_000), now: NOW });
  const ids = await ensureAccounts([...freelancerAccountSpecs(userId), ...payoutAccountSpecs(userId)]);
  const w = await transaction(async (tx) => {
    const row = await tx.withdrawal.create({
      data: { referenceId: `NAIVE-${userId}-${input.idempotencyKey}`, userId, methodId: input.methodId, amountCents: quote.amountCents, feeCents: 0, netCents: quote.netCents, idempotencyKey: input.idempotencyKey, requestedAt: NOW },
    });
    await bookTransfers(tx, [{
      key: `naive:${row.id}`, type: "WITHDRAWAL", referenceId: `NAIVE-T-${row.id}`, description: "naive", createdAt: NOW, withdrawalId: row.id,
      entries: [{ accountId: idOf(ids, freelancerAccount(userId, "available")), amountCents: -quote.amountCents }, { accountId: idOf(ids, payoutClearingAccount(userId)), amountCents: quote.amountCents }],
    }]);
    return row;
  });
  return { withdrawal: { id: w.id } };
};

interface Scenario {
  /** switch the database CHECK off for this account, leaving only the code's own guard */
  withoutDatabaseGuard?: boolean;
  /** how many of the 200 requests reuse another request's idempotency key */
  reusedKeys?: number;
}

/**
 * R10.4 200 concurrent withdrawals of $100 from a $1,000 balance: exactly 10 keys are paid,
 * each once; the balance ends at 0; it was never negative at any point of its history.
 */
async function concurrentWithdrawals(fn: WithdrawFn, scenario: Scenario = {}): Promise<void> {
  const freelancer = await makeUser(prisma, "FREELANCER");
  const methodId = await fundAvailable(prisma, freelancer.id, 100_000, NOW);
  const code = freelancerAccount(freelancer.id, "available");
  if (scenario.withoutDatabaseGuard) await prisma.$executeRaw`UPDATE ledger_accounts SET allow_negative = true WHERE code = ${code}`;
  const reused = scenario.reusedKeys ?? 0;
  const keys = Array.from({ length: 200 }, (_, i) => (i < reused ? `key-${199 - i}` : `key-${i}`));
  const results = await Promise.allSettled(keys.map((idempotencyKey) => fn(freelancer.id, { amountCents: 10_000, methodId, idempotencyKey })));

  const paidKeys = new Map<string, string>();
  for (const [i, r] of results.entries()) {
    if (r.status === "fulfilled") {
      const seen = paidKeys.get(keys[i]!);
      expect(seen === undefined || seen === r.value.withdrawal.id, `key ${keys[i]} answered with two different withdrawals`).toBe(true);
      paidKeys.set(keys[i]!, r.value.withdrawal.id);
    } else {
      expect(r.reason).toMatchObject({ code: "validation_failed", details: { fields: { amountCents: expect.any(String) } } });
    }
  }
  expect(paidKeys.size).toBe(10);
  // every request that carried a paid key got that withdrawal back
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(keys.filter((k) => paidKeys.has(k)).length);
  const withdrawals = await prisma.withdrawal.findMany({ where: { userId: freelancer.id } });
  expect(withdrawals).toHaveLength(10);
  expect(new Set(withdrawals.map((w) => w.idempotencyKey)).size).toBe(10);
  expect(await balanceOf(prisma, code)).toBe(0n);
  const [history] = await prisma.$queryRaw<Array<{ low: bigint; total: bigint }>>`
    SELECT min(running)::bigint AS low, sum(amount_cents)::bigint AS total FROM (
      SELECT e.amount_cents, sum(e.amount_cents) OVER (ORDER BY e.id) AS running
      FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.code = ${code}) h`;
  expect(history!.low).toBeGreaterThanOrEqual(0n);
  expect(history!.total).toBe(0n);
}

describe("withdraw now under concurrency (R10.4)", () => {
  it("200 concurrent withdrawals of $100 from $1,000: exactly 10 succeed, the balance ends at 0, never negative", async () => {
    await concurrentWithdrawals(service);
  });

  it("holds with the database's CHECK switched off: the conditional write alone keeps the balance", async () => {
    await concurrentWithdrawals(service, { withoutDatabaseGuard: true });
  });

  it.fails("a naive read-then-write withdraw FAILS the same test (so the test can tell)", async () => {
    await concurrentWithdrawals(naive, { withoutDatabaseGuard: true });
  });

  it("the database's CHECK alone stops even the naive version from overdrawing (defence in depth)", async () => {
    await concurrentWithdrawals(async (userId, input) => {
      try {
        return await naive(userId, input);
      } catch (error) {
        // the naive version has no error mapping of its own: an overdraft refused by the database is its "insufficient funds"
        if (isOverdraft(error)) {
          throw Object.assign(new Error("insufficient"), { code: "validation_failed", details: { fields: { amountCents: "refused by CHECK" } } });
        }
        throw error;
      }
    });
  });

  it("with 50 of the 200 requests reusing idempotency keys, each key is paid once and every repeat gets the same withdrawal", async () => {
    await concurrentWithdrawals(service, { reusedKeys: 50 });
  });
});

describe("withdraw now (R10.1, R10.2)", () => {
  it("takes the method's fee out of the amount, books withdrawal and fee as two transfers, and submits the payout", async () => {
    const f = await makeUser(prisma, "FREELANCER");
    const methodId = await fundAvailable(prisma, f.id, 50_000, NOW, "LOCAL_BANK");
    const { withdrawal, replayed } = await withdraw(f, { amountCents: 10_000, methodId, idempotencyKey: "a" }, NOW);
    expect(replayed).toBe(false);
    expect(withdrawal).toMatchObject({ amountCents: 10_000, feeCents: 99, netCents: 9901, status: "PROCESSING", referenceId: expect.stringMatching(/^HG-WDR-2024W25-/) });
    expect(await balanceOf(prisma, freelancerAccount(f.id, "available"))).toBe(40_000n);
    const transfers = await prisma.ledgerTransfer.findMany({ where: { withdrawalId: withdrawal.id }, include: { entries: { include: { account: true } } }, orderBy: { referenceId: "asc" } });
    const shard = payoutShardOf(f.id);
    expect(transfers.map((t) => [t.type, t.referenceId, t.entries.map((e) => [e.account.code.replace(f.id, "me"), Number(e.amountCents)]).sort()])).toEqual([
      ["WITHDRAWAL", withdrawal.referenceId, [["freelancer:me:available", -9901], [`platform:payout_clearing:${shard}`, 9901]]],
      ["WITHDRAWAL_FEE", `${withdrawal.referenceId}-F`, [["freelancer:me:available", -99], [`platform:fees:withdrawals:${shard}`, 99]]],
    ]);
    // the payout job submits it to the provider
    expect((await prisma.withdrawal.findUniqueOrThrow({ where: { id: withdrawal.id } })).providerRef).toBeNull();
    await processPayouts(NOW);
    expect(await prisma.withdrawal.findUniqueOrThrow({ where: { id: withdrawal.id } })).toMatchObject({ provider: "sandbox", providerRef: expect.stringMatching(/^sbx_ok_/), submittedAt: NOW });
    expect(notices).toContainEqual({ userId: f.id, event: "withdrawal-updated", data: { id: withdrawal.id } });
  });

  it("the same key returns the same result, even once the balance is gone; the same key with another amount is 409", async () => {
    const f = await makeUser(prisma, "FREELANCER");
    const methodId = await fundAvailable(prisma, f.id, 10_000, NOW);
    const first = await withdraw(f, { amountCents: 10_000, methodId, idempotencyKey: "k" }, NOW);
    const again = await withdraw(f, { amountCents: 10_000, methodId, idempotencyKey: "k" }, NOW);
    expect(again).toEqual({ withdrawal: first.withdrawal, replayed: true });
    await expect(withdraw(f, { amountCents: 9_000, methodId, idempotencyKey: "k" }, NOW)).rejects.toMatchObject({ code: "conflict", status: 409 });
    // the key is checked before the rules: even an amount the rules would refuse is a 409 under a used key
    await expect(withdraw(f, { amountCents: 0, methodId, idempotencyKey: "k" }, NOW)).rejects.toMatchObject({ code: "conflict", status: 409 });
    expect(await prisma.withdrawal.count({ where: { userId: f.id } })).toBe(1);
  });

  it("a refused request leaves its key unused: retried with the same key once the money is there, it goes through", async () => {
    const f = await makeUser(prisma, "FREELANCER");
    const methodId = await fundAvailable(prisma, f.id, 5_000, NOW);
    await expect(withdraw(f, { amountCents: 8_000, methodId, idempotencyKey: "retry" }, NOW)).rejects.toMatchObject({ status: 422 });
    await fundAvailable(prisma, f.id, 5_000, new Date(NOW.getTime() - 1));
    await expect(withdraw(f, { amountCents: 8_000, methodId, idempotencyKey: "retry" }, NOW)).resolves.toMatchObject({ replayed: false, withdrawal: { amountCents: 8_000 } });
  });

  it("refuses, naming the field: more than available, not above the fee, a method in its 3-day hold; another user's or a removed method is 404", async () => {
    const f = await makeUser(prisma, "FREELANCER");
    const other = await makeUser(prisma, "FREELANCER");
    const methodId = await fundAvailable(prisma, f.id, 5_000, NOW);
    const wire = await fundAvailable(prisma, f.id, 5_000, new Date(NOW.getTime() - 1), "WIRE");
    const fresh = await prisma.payoutMethod.create({ data: { userId: f.id, kind: "ACH", label: "new", last4: "1111", details: {}, createdAt: new Date(NOW.getTime() - 86_400_000), usableFrom: new Date(NOW.getTime() + 2 * 86_400_000) } });
    const theirs = await fundAvailable(prisma, other.id, 5_000, NOW);
    const field = (f: string) => ({ code: "validation_failed", status: 422, details: { fields: { [f]: expect.any(String) } } });
    await expect(withdraw(f, { amountCents: 10_001, methodId, idempotencyKey: "1" }, NOW)).rejects.toMatchObject(field("amountCents"));
    await expect(withdraw(f, { amountCents: 3_000, methodId: wire, idempotencyKey: "2" }, NOW)).rejects.toMatchObject(field("amountCents"));
    await expect(withdraw(f, { amountCents: 1_000, methodId: fresh.id, idempotencyKey: "3" }, NOW)).rejects.toMatchObject(field("methodId"));
    await expect(withdraw(f, { amountCents: 1_000, methodId: theirs, idempotencyKey: "4" }, NOW)).rejects.toMatchObject({ code: "not_found", status: 404 });
    await prisma.payoutMethod.update({ where: { id: methodId }, data: { removedAt: NOW } });
    await expect(withdraw(f, { amountCents: 1_000, methodId, idempotencyKey: "5" }, NOW)).rejects.toMatchObject({ code: "not_found" });
    expect(await prisma.withdrawal.count({ where: { userId: f.id } })).toBe(0);
  });
});

describe("payouts through the provider (R10)", () => {
  it("settles after the provider's delay: clearing -> paid out, the withdrawal PAID", async () => {
    const f = await makeUser(prisma, "FREELANCER");
    const methodId = await fundAvailable(prisma, f.id, 20_000, NOW);
    const { withdrawal } = await withdraw(f, { amountCents: 20_000, methodId, idempotencyKey: "p" }, NOW);
    const status = async () => (await prisma.withdrawal.findUniqueOrThrow({ where: { id: withdrawal.id } })).status;
    await processPayouts(NOW); // submitted now, settles 60 s later
    await processPayouts(new Date(NOW.getTime() + 59_999));
    expect(await status()).toBe("PROCESSING");
    await processPayouts(new Date(NOW.getTime() + 60_000));
    await processPayouts(new Date(NOW.getTime() + 120_000));
    expect(await prisma.withdrawal.findUniqueOrThrow({ where: { id: withdrawal.id } })).toMatchObject({ status: "PAID", settledAt: new Date(NOW.getTime() + 60_000) });
    expect(await balanceOf(prisma, freelancerAccount(f.id, "paid_out"))).toBe(20_000n);
    expect(await balanceOf(prisma, freelancerAccount(f.id, "available"))).toBe(0n);
  });

  it("a failed payout returns the amount, fee included, to available in new transfers; the original ones stay", async () => {
    const f = await makeUser(prisma, "FREELANCER");
    const methodId = await fundAvailable(prisma, f.id, 20_000, NOW, "INSTANT_CARD", "0002");
    const { withdrawal } = await withdraw(f, { amountCents: 15_000, methodId, idempotencyKey: "x" }, NOW);
    expect(await balanceOf(prisma, freelancerAccount(f.id, "available"))).toBe(5_000n);
    await processPayouts(NOW);
    await processPayouts(new Date(NOW.getTime() + 60_000));
    expect(await prisma.withdrawal.findUniqueOrThrow({ where: { id: withdrawal.id } })).toMatchObject({ status: "FAILED", failureReason: expect.any(String) });
    expect(await balanceOf(prisma, freelancerAccount(f.id, "available"))).toBe(20_000n);
    const types = (await prisma.ledgerTransfer.findMany({ where: { withdrawalId: withdrawal.id }, orderBy: { referenceId: "asc" } })).map((t) => [t.type, t.referenceId.slice(withdrawal.referenceId.length)]);
    expect(types).toEqual([
      ["WITHDRAWAL", ""],
      ["WITHDRAWAL_FEE", "-F"],
      ["REVERSAL", "-R"],
      ["REVERSAL", "-RF"],
    ]);
    // a second worker reporting the same failure books nothing more
    await processPayouts(new Date(NOW.getTime() + 120_000));
    expect(await prisma.ledgerTransfer.count({ where: { withdrawalId: withdrawal.id } })).toBe(4);
    expect(await balanceOf(prisma, freelancerAccount(f.id, "available"))).toBe(20_000n);
  });
});

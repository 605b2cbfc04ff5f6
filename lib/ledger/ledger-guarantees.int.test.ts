// The guarantees the money migrations add on top of the init migration's
// (lib/db/ledger-constraints.int.test.ts covers those, and still passes on the
// set-based triggers): committed transfers never gain entries, account ids
// follow from account codes in SQL exactly as in TypeScript, and an entry's
// account and transfer exist (checked per statement by the entry trigger since
// the foreign keys went, with the same SQLSTATE 23503) and stay put.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { expectLedgerInvariants } from "../../tests/support/ledger";
import { PLATFORM_FEES, accountIdOf, ensureAccounts, payoutAccountSpecs, payoutClearingAccount, platformAccountSpecs } from "./accounts";
import { bookTransfers, transferIdOf } from "./book";
import { transaction } from "./db";
import { uuidFromKey } from "./ids";

const { prisma } = await setupTestDatabase();

describe("ledger guarantees (money migrations)", () => {
  it("hourglass_uuid in SQL is uuidFromKey in TypeScript", async () => {
    for (const key of ["account:platform:fees", "transfer:close:x:2024-06-03:hourly", "ünï cödé ✓"]) {
      const [row] = await prisma.$queryRaw<Array<{ u: string }>>`SELECT hourglass_uuid(${key})::text AS u`;
      expect(row!.u).toBe(uuidFromKey(key));
    }
  });

  it("refuses entries added to a transfer committed earlier, even balanced ones (42501)", async () => {
    const someone = randomUUID();
    const clearing = payoutClearingAccount(someone);
    await ensureAccounts([...platformAccountSpecs(), ...payoutAccountSpecs(someone)]);
    const draft = {
      key: `guarantee:${randomUUID()}`, type: "ADJUSTMENT" as const, referenceId: `HG-TEST-${randomUUID().slice(0, 8)}`, description: "test", createdAt: new Date(),
      entries: [{ accountId: accountIdOf(clearing), amountCents: 0 }],
    };
    // nothing moves: nothing is booked
    expect(await transaction((tx) => bookTransfers(tx, [draft]))).toEqual(new Set());
    const fund = { ...draft, key: `${draft.key}:fund`, referenceId: `${draft.referenceId}-F`, entries: [{ accountId: accountIdOf(PLATFORM_FEES), amountCents: 500 }, { accountId: accountIdOf(clearing), amountCents: -500 }] };
    await expect(transaction((tx) => bookTransfers(tx, [fund]))).rejects.toThrow(/ledger_accounts_nonneg|23514/);
    const id = transferIdOf(draft.key);
    await prisma.$executeRaw`INSERT INTO ledger_accounts (id, code, kind, allow_negative) VALUES (${accountIdOf("test:source")}::uuid, 'test:source', 'CLIENT_CHARGES', true)`;
    await transaction((tx) => bookTransfers(tx, [{ ...draft, entries: [{ accountId: accountIdOf("test:source"), amountCents: -700 }, { accountId: accountIdOf(PLATFORM_FEES), amountCents: 700 }] }]));
    const later = prisma.$transaction([
      prisma.$executeRaw`INSERT INTO ledger_entries (transfer_id, account_id, amount_cents, created_at) VALUES (${id}::uuid, ${accountIdOf("test:source")}::uuid, -1, now()), (${id}::uuid, ${accountIdOf(PLATFORM_FEES)}::uuid, 1, now())`,
    ]);
    await expect(later).rejects.toMatchObject({ meta: { driverAdapterError: { cause: { code: "42501" } } } });
    // and booking the same key again books nothing
    expect(await transaction((tx) => bookTransfers(tx, [{ ...draft, entries: [{ accountId: accountIdOf("test:source"), amountCents: -700 }, { accountId: accountIdOf(PLATFORM_FEES), amountCents: 700 }] }]))).toEqual(new Set());
    await expectLedgerInvariants(prisma);
  });

  it("refuses entries whose account or transfer does not exist, and the deletion or renumbering of an account with entries (23503)", async () => {
    const source = accountIdOf(`test:source:${randomUUID()}`);
    const target = accountIdOf(`test:target:${randomUUID()}`);
    await prisma.$executeRaw`INSERT INTO ledger_accounts (id, code, kind, allow_negative) VALUES (${source}::uuid, ${`code:${source}`}, 'CLIENT_CHARGES', true), (${target}::uuid, ${`code:${target}`}, 'PLATFORM_FEES', false)`;
    const book = (entries: Array<[string, number]>, transferId = randomUUID()) =>
      prisma.$transaction([
        prisma.$executeRaw`INSERT INTO ledger_transfers (id, reference_id, type, description, idempotency_key, created_at) VALUES (${transferId}::uuid, ${`HG-TEST-${transferId}`}, 'ADJUSTMENT', 'test', ${transferId}, now())`,
        prisma.$executeRaw`INSERT INTO ledger_entries (transfer_id, account_id, amount_cents, created_at)
          SELECT ${transferId}::uuid, x.account_id::uuid, x.amount, now() FROM json_to_recordset(${JSON.stringify(entries.map(([account_id, amount]) => ({ account_id, amount })))}::json) AS x(account_id text, amount bigint)`,
      ]);
    const code = { meta: { driverAdapterError: { cause: { originalCode: "23503" } } } };
    await expect(book([[source, -300], [randomUUID(), 300]])).rejects.toMatchObject(code);
    // an entry for a transfer that was never written, next to a good one
    await expect(
      prisma.$transaction([
        prisma.$executeRaw`INSERT INTO ledger_entries (transfer_id, account_id, amount_cents, created_at) VALUES (${randomUUID()}::uuid, ${source}::uuid, -5, now()), (${randomUUID()}::uuid, ${target}::uuid, 5, now())`,
      ]),
    ).rejects.toMatchObject(code);
    await book([[source, -300], [target, 300]]);
    await expect(prisma.$executeRaw`DELETE FROM ledger_accounts WHERE id = ${target}::uuid`).rejects.toMatchObject(code);
    await expect(prisma.$executeRaw`UPDATE ledger_accounts SET id = ${randomUUID()}::uuid WHERE id = ${source}::uuid`).rejects.toMatchObject(code);
    // an account without entries may still go
    const spare = accountIdOf(`test:spare:${randomUUID()}`);
    await prisma.$executeRaw`INSERT INTO ledger_accounts (id, code, kind, allow_negative) VALUES (${spare}::uuid, ${`code:${spare}`}, 'PLATFORM_FEES', false)`;
    expect(await prisma.$executeRaw`DELETE FROM ledger_accounts WHERE id = ${spare}::uuid`).toBe(1);
    expect((await prisma.ledgerAccount.findUniqueOrThrow({ where: { id: target } })).balanceCents).toBe(300n);
    await expectLedgerInvariants(prisma);
  });
});

// The guarantees the money migrations add on top of the init migration's
// (lib/db/ledger-constraints.int.test.ts covers those, and still passes on the
// set-based triggers): committed transfers never gain entries, and account ids
// follow from account codes in SQL exactly as in TypeScript.
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
});

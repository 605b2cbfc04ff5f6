// Ledger helpers for integration tests: the invariants every test ends with,
// full ledger dumps for "identical to a clean run" comparisons, and
// deterministic money fixtures (fixed ids, so two databases can hold the same
// data and be compared row for row).
import { createHash } from "node:crypto";
import { afterAll, expect } from "vitest";
import { setDbForTests } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "./database";
import type { Role } from "../../lib/generated/prisma/enums";

/** A fixed UUID for a fixture name (the same in every database). */
export function fixtureId(name: string): string {
  const h = createHash("sha256").update(`fixture:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface LedgerViolation {
  rule: string;
  detail: string;
}

/**
 * R10.4 / R11 what must hold after any test: all entries sum to 0, every transfer
 * balances with at least two entries, every stored balance equals the sum of its
 * entries (so each freelancer's available balance is the sum of their available
 * entries), no account that must not go negative is negative, and no earning
 * (lot) is negative in any freelancer account.
 */
export async function ledgerViolations(prisma: PrismaClient): Promise<LedgerViolation[]> {
  const out: LedgerViolation[] = [];
  const [total] = await prisma.$queryRaw<Array<{ s: string }>>`SELECT coalesce(sum(amount_cents), 0)::text AS s FROM ledger_entries`;
  if (total!.s !== "0") out.push({ rule: "all entries sum to 0", detail: `sum is ${total!.s}` });
  const transfers = await prisma.$queryRaw<Array<{ reference_id: string; s: string; n: number }>>`
    SELECT t.reference_id, coalesce(sum(e.amount_cents), 0)::text AS s, count(e.id)::int AS n
    FROM ledger_transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id GROUP BY t.id, t.reference_id
    HAVING coalesce(sum(e.amount_cents), 0) <> 0 OR count(e.id) < 2`;
  for (const t of transfers) out.push({ rule: "each transfer balances", detail: `${t.reference_id}: sum ${t.s}, ${t.n} entries` });
  const balances = await prisma.$queryRaw<Array<{ code: string; balance: string; sum: string }>>`
    SELECT a.code, a.balance_cents::text AS balance, coalesce(sum(e.amount_cents), 0)::text AS sum
    FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id GROUP BY a.id
    HAVING a.balance_cents <> coalesce(sum(e.amount_cents), 0)`;
  for (const b of balances) out.push({ rule: "balance = sum of entries", detail: `${b.code}: balance ${b.balance}, entries ${b.sum}` });
  const negative = await prisma.$queryRaw<Array<{ code: string; balance: string }>>`
    SELECT code, balance_cents::text AS balance FROM ledger_accounts WHERE NOT allow_negative AND balance_cents < 0`;
  for (const n of negative) out.push({ rule: "no overdraft", detail: `${n.code}: ${n.balance}` });
  const lots = await prisma.$queryRaw<Array<{ code: string; earning: string; s: string }>>`
    SELECT a.code, t.earning_id::text AS earning, sum(e.amount_cents)::text AS s
    FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id JOIN ledger_accounts a ON a.id = e.account_id
    WHERE t.earning_id IS NOT NULL AND a.kind IN ('FREELANCER_IN_REVIEW', 'FREELANCER_PENDING', 'FREELANCER_HELD')
    GROUP BY a.code, t.earning_id HAVING sum(e.amount_cents) < 0`;
  for (const l of lots) out.push({ rule: "no earning negative in a freelancer account", detail: `${l.code} / ${l.earning}: ${l.s}` });
  return out;
}

/** For afterEach: fails the test when any ledger invariant is broken. */
export async function expectLedgerInvariants(prisma: PrismaClient): Promise<void> {
  expect(await ledgerViolations(prisma)).toEqual([]);
}

/**
 * The whole ledger (and the invoices and maturity queue) as text, ordered by
 * business identity, without columns that legitimately differ between runs
 * (booked_at, booked_txid, entry serial ids).
 */
export async function dumpLedger(prisma: PrismaClient): Promise<string> {
  const accounts = await prisma.$queryRaw<unknown[]>`
    SELECT id, code, kind, owner_id, balance_cents::text AS balance, allow_negative FROM ledger_accounts ORDER BY code`;
  const transfers = await prisma.$queryRaw<unknown[]>`
    SELECT t.id, t.reference_id, t.type, t.description, t.idempotency_key, t.created_at, t.contract_id, t.invoice_id, t.bonus_id, t.dispute_id, t.withdrawal_id, t.earning_id,
      (SELECT json_agg(json_build_array(a.code, e.amount_cents::text, e.created_at) ORDER BY a.code, e.amount_cents)
         FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.transfer_id = t.id) AS entries
    FROM ledger_transfers t ORDER BY t.idempotency_key`;
  // the ledger without the seal (R15.3): its key and signature differ between databases, and whether a run sealed
  // (the CLI and the job do, closeWeek alone does not) is the proof's business (lib/proof/seals.int.test.ts)
  const invoices = await prisma.$queryRaw<unknown[]>`
    SELECT to_jsonb(i) - 'seal_seq' - 'seal_head' - 'seal_key_id' - 'seal_signature' - 'sealed_at' AS invoice FROM invoices i ORDER BY contract_id, week_start`;
  const maturities = await prisma.$queryRaw<unknown[]>`SELECT * FROM ledger_maturities ORDER BY earning_id`;
  return JSON.stringify({ accounts, transfers, invoices, maturities }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 1);
}

export async function makeFixedUser(prisma: PrismaClient, name: string, role: Role, opts: { verified?: boolean } = {}): Promise<{ id: string; email: string; name: string; role: Role; timezone: string }> {
  const id = fixtureId(`user:${name}`);
  await prisma.user.create({
    data: { id, email: `${name}@money.test`, name, role, passwordHash: "x", createdAt: new Date("2024-01-01T00:00:00Z"), paymentVerifiedAt: opts.verified ? new Date("2024-01-01T00:00:00Z") : null },
  });
  return { id, email: `${name}@money.test`, name, role, timezone: "UTC" };
}

export interface FixedContractInput {
  name: string;
  clientId: string;
  freelancerId: string;
  rateCents?: number;
  limitHours?: number | null;
  weeklyPaymentCents?: number;
  startsAt?: Date;
  endedAt?: Date | null;
  status?: "ACTIVE" | "PAUSED" | "ENDED";
}

export async function makeFixedContract(prisma: PrismaClient, input: FixedContractInput): Promise<string> {
  const id = fixtureId(`contract:${input.name}`);
  const startsAt = input.startsAt ?? new Date("2024-05-06T00:00:00Z");
  await prisma.contract.create({
    data: {
      id, title: `Contract ${input.name}`, clientId: input.clientId, freelancerId: input.freelancerId, createdById: input.clientId,
      status: input.status ?? (input.endedAt ? "ENDED" : "ACTIVE"), hourlyRateCents: input.rateCents ?? 3000,
      weeklyPaymentCents: input.weeklyPaymentCents ?? 0, startsAt, endedAt: input.endedAt ?? null,
    },
  });
  if (input.limitHours !== undefined) {
    await prisma.weeklyLimitChange.create({
      data: { id: fixtureId(`limit:${input.name}`), contractId: id, limitMinutes: input.limitHours === null ? null : input.limitHours * 60, requestedAt: startsAt, effectiveFrom: startsAt, requestedById: input.clientId },
    });
  }
  return id;
}

export interface FixedSegmentOptions {
  manual?: boolean;
  activityLevel?: number;
  memo?: string;
  screenshot?: boolean;
}

/** Segments in the given slots, with fixed ids (tracked, active, with a screenshot unless told otherwise). */
export async function makeFixedSegments(prisma: PrismaClient, contractId: string, slots: readonly Date[], opts: FixedSegmentOptions = {}): Promise<string[]> {
  const manual = opts.manual ?? false;
  const level = manual ? 0 : (opts.activityLevel ?? 8);
  const counts = manual ? [] : Array.from({ length: 10 }, (_, i) => (i < level ? 5 : 0));
  const rows = slots.map((slot) => ({
    id: fixtureId(`segment:${contractId}:${slot.toISOString()}`), contractId, slotStart: slot, kind: manual ? ("MANUAL" as const) : ("TRACKED" as const),
    memo: opts.memo ?? "Work", keyboardCounts: counts, mouseCounts: manual ? [] : counts, activityLevel: level, contentHash: "h",
    createdAt: slot,
  }));
  await prisma.segment.createMany({ data: rows });
  if (!manual && (opts.screenshot ?? true)) {
    await prisma.screenshot.createMany({
      data: rows.map((r) => ({ id: fixtureId(`shot:${r.id}`), segmentId: r.id, takenAt: r.slotStart, storageKey: `k/${r.id}.jpg`, thumbKey: `k/${r.id}.webp`, width: 1, height: 1, bytes: 1, thumbBytes: 1, createdAt: r.slotStart })),
    });
  }
  return rows.map((r) => r.id);
}

/** `count` consecutive 10-minute slots starting at `from`. */
export function slotsFrom(from: Date, count: number): Date[] {
  return Array.from({ length: count }, (_, i) => new Date(from.getTime() + i * 600_000));
}

const extraDatabases: TestDatabase[] = [];

/**
 * A new, empty migrated database wired into lib/db (each test that compares whole
 * ledgers gets its own, so nothing else is in them). Disconnected after the file.
 */
export async function freshDatabase(): Promise<TestDatabase> {
  const tdb = await createTestDatabase();
  setDbForTests(tdb.prisma);
  if (extraDatabases.length === 0) afterAll(async () => Promise.all(extraDatabases.map((d) => d.prisma.$disconnect())));
  extraDatabases.push(tdb);
  return tdb;
}

/**
 * Puts `cents` into the freelancer's available balance (an ADJUSTMENT funded by a
 * test client), and gives them an ACH method past its 3-day hold. Returns the method id.
 */
export async function fundAvailable(prisma: PrismaClient, freelancerId: string, cents: number, now: Date, kind: "ACH" | "LOCAL_BANK" | "WIRE" | "INSTANT_CARD" = "ACH", last4 = "6789"): Promise<string> {
  const { ensureAccounts, clientAccountSpecs, freelancerAccountSpecs, platformAccountSpecs, payoutAccountSpecs, clientAccount, freelancerAccount, idOf } = await import("../../lib/ledger/accounts");
  const { bookTransfers } = await import("../../lib/ledger/book");
  const { transaction } = await import("../../lib/ledger/db");
  const funder = fixtureId(`funder:${freelancerId}:${cents}:${now.toISOString()}`);
  await prisma.user.upsert({ where: { id: funder }, update: {}, create: { id: funder, email: `${funder}@money.test`, name: "Funder", role: "CLIENT", passwordHash: "x" } });
  const ids = await ensureAccounts([...clientAccountSpecs(funder), ...freelancerAccountSpecs(freelancerId), ...platformAccountSpecs(), ...payoutAccountSpecs(freelancerId)]);
  await transaction((tx) =>
    bookTransfers(tx, [{
      key: `test-funding:${funder}`, type: "ADJUSTMENT", referenceId: `HG-TEST-${funder.slice(0, 8)}`, description: "Test funding", createdAt: now,
      entries: [{ accountId: idOf(ids, clientAccount(funder)), amountCents: -cents }, { accountId: idOf(ids, freelancerAccount(freelancerId, "available")), amountCents: cents }],
    }]),
  );
  const method = await prisma.payoutMethod.create({
    data: { userId: freelancerId, kind, label: `${kind} test`, last4, details: { token: "tok_test" }, isDefault: false, createdAt: new Date(now.getTime() - 10 * 86_400_000), usableFrom: new Date(now.getTime() - 7 * 86_400_000) },
  });
  return method.id;
}

export async function balanceOf(prisma: PrismaClient, code: string): Promise<bigint> {
  const a = await prisma.ledgerAccount.findUnique({ where: { code } });
  return a?.balanceCents ?? 0n;
}

// R7 / R11 nothing inside a money transaction waits for a second connection. A process whose pool
// has fewer connections than the disputes it files and settles at once (and a fresh process: no
// ledger account known to its cache yet) must finish them all. It froze before: each transaction
// held a connection while ensureAccounts waited for one more, until every transaction timed out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "../auth/current-user";
import type { PrismaClient } from "../generated/prisma/client";

const { setupTestDatabase } = await import("../../tests/support/database");
const { expectLedgerInvariants, makeFixedContract, makeFixedSegments, makeFixedUser, slotsFrom } = await import("../../tests/support/ledger");
const { createPrismaClient, setDbForTests } = await import("../db/client");
const { setNoticeSink } = await import("../realtime/notify");
const { closeWeek } = await import("../ledger/close-week");
const { matureDueEarnings } = await import("../ledger/mature-earnings");
const { fileDispute } = await import("./file-dispute");
const { respondToDispute, withdrawDispute } = await import("./resolve-dispute");
const { prisma, url } = await setupTestDatabase();

const WEEK = new Date("2024-06-03T00:00:00Z");
const FILED = new Date("2024-06-11T10:00:00Z");
const POOL = 3;
const PARTIES = 8;

const fresh: PrismaClient[] = [];
/** A new client with a pool of POOL connections and an empty account cache, as a freshly started process has. */
function freshProcess(): void {
  const before = process.env.DATABASE_POOL_SIZE;
  process.env.DATABASE_POOL_SIZE = String(POOL);
  const client = createPrismaClient(url);
  if (before === undefined) delete process.env.DATABASE_POOL_SIZE;
  else process.env.DATABASE_POOL_SIZE = before;
  fresh.push(client);
  setDbForTests(client);
}

interface Party {
  client: CurrentUser;
  freelancer: CurrentUser;
  contractId: string;
  segments: string[];
}
const parties: Party[] = [];

beforeAll(async () => {
  setNoticeSink(() => undefined);
  for (let i = 0; i < PARTIES; i++) {
    const client = await makeFixedUser(prisma, `pool${i}-client`, "CLIENT", { verified: true });
    const freelancer = await makeFixedUser(prisma, `pool${i}-freelancer`, "FREELANCER");
    const contractId = await makeFixedContract(prisma, { name: `pool${i}`, clientId: client.id, freelancerId: freelancer.id, rateCents: 6000, limitHours: 40 });
    const segments = await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-04T09:00:00Z"), 4), { activityLevel: i % 2 === 0 ? 0 : 8 });
    parties.push({ client, freelancer, contractId, segments });
  }
  await closeWeek({ weekStart: WEEK, now: new Date("2024-06-10T12:00:00Z") });
});
afterAll(async () => {
  setDbForTests(prisma);
  setNoticeSink(null);
  await Promise.all(fresh.map((c) => c.$disconnect()));
});

describe("more disputes at once than the pool has connections", () => {
  it("files them all, settles them all (accept, withdraw) and matures the earnings, each batch in parallel on a fresh small pool", async () => {
    freshProcess();
    const filed = await Promise.all(parties.map((p) => fileDispute(p.client, { contractId: p.contractId, weekStart: WEEK, segmentIds: p.segments.slice(0, 2), reason: "Not on our project." }, FILED)));
    expect(filed.map((d) => [d.status, d.heldCents])).toEqual(parties.map(() => ["OPEN", 2000]));

    freshProcess();
    const settledAt = new Date("2024-06-12T09:00:00Z");
    const settled = await Promise.all(filed.map((d, i) => (i % 2 === 0 ? respondToDispute(parties[i]!.freelancer, d.id, "accept", settledAt) : withdrawDispute(parties[i]!.client, d.id, settledAt))));
    expect(settled.map((d) => d.status)).toEqual(parties.map((_, i) => (i % 2 === 0 ? "ACCEPTED" : "WITHDRAWN")));

    freshProcess();
    const matured = await Promise.all(parties.map((p) => matureDueEarnings(new Date("2024-06-19T00:00:00Z"), { userId: p.freelancer.id })));
    expect(matured.map((m) => m.usersPaid.length)).toEqual(parties.map(() => 1));

    setDbForTests(prisma);
    await expectLedgerInvariants(prisma);
    // accepted: 2 of 4 segments refunded ($20.00 of $40.00, net $18.00 kept); withdrawn: all $36.00 net kept
    const available = await prisma.ledgerAccount.findMany({ where: { code: { in: parties.map((p) => `freelancer:${p.freelancer.id}:available`) } } });
    const byCode = new Map(available.map((a) => [a.code, Number(a.balanceCents)]));
    expect(parties.map((p) => byCode.get(`freelancer:${p.freelancer.id}:available`))).toEqual(parties.map((_, i) => (i % 2 === 0 ? 1800 : 3600)));
  });
});

// docs/rules.md R6.4 end to end through the scheduled jobs, at the instants it names:
// work on Sunday 2024-06-09 23:50 UTC is invoiced Monday 2024-06-10 12:00,
// disputable until Friday 2024-06-14 23:59:59, available Wednesday 2024-06-19.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { dumpLedger, expectLedgerInvariants, fixtureId, freshDatabase, makeFixedContract, makeFixedSegments, makeFixedUser } from "../../tests/support/ledger";
import type { PrismaClient } from "../generated/prisma/client";
import { readBalances } from "../ledger/balances";
import { setNoticeSink, type Notice } from "../realtime/notify";
import { fileDispute } from "../disputes/file-dispute";
import { JOBS, nextWeeklyClose } from "./definitions";
import { runDueJobs } from "./scheduler";

await setupTestDatabase();
const notices: Notice[] = [];
beforeAll(() => setNoticeSink((n) => notices.push(n)));
let current: PrismaClient | null = null;
afterEach(async () => {
  if (current) await expectLedgerInvariants(current);
});

const WEEK = new Date("2024-06-03T00:00:00Z");
const at = (iso: string) => new Date(iso);

async function seed(prisma: PrismaClient) {
  current = prisma;
  const client = await makeFixedUser(prisma, "client", "CLIENT", { verified: true });
  const freelancer = await makeFixedUser(prisma, "freelancer", "FREELANCER");
  const contractId = await makeFixedContract(prisma, { name: "r64", clientId: client.id, freelancerId: freelancer.id, rateCents: 6000, limitHours: 40, startsAt: WEEK });
  await makeFixedSegments(prisma, contractId, [at("2024-06-09T23:50:00Z")]);
  return { client, freelancer, contractId };
}

/** The freelancer's balances as read at `t` (booked + due), as plain numbers. */
async function balancesAt(userId: string, t: Date) {
  const b = await readBalances(userId, t);
  return { inReview: Number(b.inReview), pending: Number(b.pending), available: Number(b.available) };
}

describe("R6.4 through the jobs", () => {
  it("invoiced Mon 12:00, in review until Fri 23:59:59, pending from Sat, available Wed 2024-06-19 00:00", async () => {
    const { prisma } = await freshDatabase();
    const { client, freelancer } = await seed(prisma);
    const step = async (iso: string) => {
      const runs = await runDueJobs(at(iso), JOBS);
      expect(runs.filter((r) => !r.ok)).toEqual([]);
      return { booked: await balancesAt(freelancer.id, at(iso)), invoices: await prisma.invoice.count() };
    };
    // $60/h x 10 min = $10.00; 10% service fee: $9.00 earned
    expect(await step("2024-06-10T11:59:59Z")).toEqual({ booked: { inReview: 0, pending: 0, available: 0 }, invoices: 0 });
    expect(await step("2024-06-10T12:00:00Z")).toEqual({ booked: { inReview: 900, pending: 0, available: 0 }, invoices: 1 });
    expect(await prisma.invoice.findFirstOrThrow()).toMatchObject({ closedAt: at("2024-06-10T12:00:00Z"), billedMinutes: 10, hourlyAmountCents: 1000 });
    expect(await step("2024-06-14T23:59:59Z")).toMatchObject({ booked: { inReview: 900, pending: 0, available: 0 } });
    expect(await step("2024-06-15T00:00:00Z")).toMatchObject({ booked: { inReview: 0, pending: 900, available: 0 } });
    expect(await step("2024-06-18T23:59:59Z")).toMatchObject({ booked: { inReview: 0, pending: 900, available: 0 } });
    expect(notices.filter((n) => n.userId === freelancer.id && n.event === "payment-available")).toEqual([]);
    expect(await step("2024-06-19T00:00:00Z")).toMatchObject({ booked: { inReview: 0, pending: 0, available: 900 } });
    expect(notices).toContainEqual({ userId: freelancer.id, event: "payment-available" });
    // the steps are booked at the instants the rules give, whenever the job ran
    const steps = await prisma.ledgerTransfer.findMany({ where: { type: "MATURITY" }, orderBy: { createdAt: "asc" } });
    expect(steps.map((s) => s.createdAt.toISOString())).toEqual(["2024-06-15T00:00:00.000Z", "2024-06-19T00:00:00.000Z"]);
    // the booked balances are what the read showed
    const available = await prisma.ledgerAccount.findUniqueOrThrow({ where: { code: `freelancer:${freelancer.id}:available` } });
    expect(available.balanceCents).toBe(900n);
    // the client paid $10.00 + 3% client fee
    expect((await readBalances(client.id, at("2024-06-19T00:00:00Z"))).charged).toBe(1030n);
  });

  it("disputable until Fri 2024-06-14 23:59:59, not a second later (R7.1)", async () => {
    const { prisma } = await freshDatabase();
    const { client, contractId } = await seed(prisma);
    await runDueJobs(at("2024-06-10T12:00:00Z"), JOBS);
    const segmentId = fixtureId(`segment:${contractId}:2024-06-09T23:50:00.000Z`);
    const input = { contractId, weekStart: WEEK, segmentIds: [segmentId], reason: "Not working then" };
    await expect(fileDispute(client, input, at("2024-06-15T00:00:00Z"))).rejects.toMatchObject({ status: 422, details: { fields: { weekStart: expect.any(String) } } });
    await expect(fileDispute(client, input, at("2024-06-14T23:59:59Z"))).resolves.toMatchObject({ status: "OPEN" });
  });

  it("with the jobs missed, balances read at any instant are already right, and the late run books the same ledger as punctual runs", async () => {
    const punctual = await freshDatabase();
    const p = await seed(punctual.prisma);
    for (const iso of ["2024-06-10T12:00:00Z", "2024-06-15T00:00:00Z", "2024-06-19T00:00:00Z"]) await runDueJobs(at(iso), JOBS);
    const reference = await dumpLedger(punctual.prisma);

    const late = await freshDatabase();
    const l = await seed(late.prisma);
    expect(l.freelancer.id).toBe(p.freelancer.id);
    await runDueJobs(at("2024-06-10T12:00:00Z"), JOBS); // the close ran; then the worker was down for ten days
    expect(await balancesAt(l.freelancer.id, at("2024-06-14T23:59:59Z"))).toEqual({ inReview: 900, pending: 0, available: 0 });
    expect(await balancesAt(l.freelancer.id, at("2024-06-15T00:00:00Z"))).toEqual({ inReview: 0, pending: 900, available: 0 });
    expect(await balancesAt(l.freelancer.id, at("2024-06-19T00:00:00Z"))).toEqual({ inReview: 0, pending: 0, available: 900 });
    const booked = await late.prisma.ledgerAccount.findUniqueOrThrow({ where: { code: `freelancer:${l.freelancer.id}:in_review` } });
    expect(booked.balanceCents).toBe(900n); // nothing booked yet: the read applied the due steps
    await runDueJobs(at("2024-06-20T08:00:00Z"), JOBS);
    expect(await dumpLedger(late.prisma)).toBe(reference);
  });

  it("the weekly close job runs every Monday at 12:00 UTC", () => {
    expect(nextWeeklyClose(at("2024-06-10T11:59:59Z")).toISOString()).toBe("2024-06-10T12:00:00.000Z");
    expect(nextWeeklyClose(at("2024-06-10T12:00:00Z")).toISOString()).toBe("2024-06-17T12:00:00.000Z");
    expect(nextWeeklyClose(at("2024-06-16T23:00:00Z")).toISOString()).toBe("2024-06-17T12:00:00.000Z");
  });
});

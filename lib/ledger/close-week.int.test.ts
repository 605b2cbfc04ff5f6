// R1.3 / R6 / R9 the weekly close on a real PostgreSQL: what it books, and that
// it books it exactly once however it is run (twice, two processes at once,
// killed half-way and rerun), compared by full ledger dumps.
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import {
  dumpLedger,
  expectLedgerInvariants,
  fixtureId,
  freshDatabase,
  makeFixedContract,
  makeFixedSegments,
  makeFixedUser,
  slotsFrom,
} from "../../tests/support/ledger";
import type { PrismaClient } from "../generated/prisma/client";
import { closeWeek } from "./close-week";
import { transferIdOf } from "./book";

await setupTestDatabase();
const WEEK = new Date("2024-06-03T00:00:00Z");
const CLOSE = new Date("2024-06-10T12:00:00Z");
const day = (n: number, h = 0) => new Date(WEEK.getTime() + n * 86_400_000 + h * 3_600_000);

let current: PrismaClient | null = null;
afterEach(async () => {
  if (current) await expectLedgerInvariants(current);
  current = null;
});

/** The same week of work in any database: special cases plus `extra` ordinary contracts. */
async function seedWeek(prisma: PrismaClient, extra = 0): Promise<void> {
  current = prisma;
  const clara = await makeFixedUser(prisma, "clara", "CLIENT", { verified: true });
  const carl = await makeFixedUser(prisma, "carl", "CLIENT");
  const fiona = await makeFixedUser(prisma, "fiona", "FREELANCER");
  const felix = await makeFixedUser(prisma, "felix", "FREELANCER");
  // 130 segments against a 20 h limit: 120 billed, 10 over limit
  const limited = await makeFixedContract(prisma, { name: "limited", clientId: clara.id, freelancerId: fiona.id, rateCents: 4500, limitHours: 20 });
  await makeFixedSegments(prisma, limited, [...slotsFrom(day(0, 8), 60), ...slotsFrom(day(1, 8), 60), ...slotsFrom(day(6, 20), 10)]);
  // no limit, some manual time (R3.3 billed like tracked)
  const open = await makeFixedContract(prisma, { name: "open", clientId: clara.id, freelancerId: felix.id, rateCents: 2222, limitHours: null });
  await makeFixedSegments(prisma, open, slotsFrom(day(2, 9), 7));
  await makeFixedSegments(prisma, open, slotsFrom(day(3, 9), 3), { manual: true });
  // R9.1 weekly payment instead of hourly: limit 0, its segments are all over limit
  const retainer = await makeFixedContract(prisma, { name: "retainer", clientId: carl.id, freelancerId: fiona.id, rateCents: 3000, limitHours: 0, weeklyPaymentCents: 50_000 });
  await makeFixedSegments(prisma, retainer, slotsFrom(day(4, 13), 12));
  // R9.5 started on Wednesday: 60%
  await makeFixedContract(prisma, { name: "late-start", clientId: carl.id, freelancerId: felix.id, weeklyPaymentCents: 20_000, limitHours: 0, startsAt: day(2, 15) });
  // R9.4 paused on Thursday: no weekly payment, hourly as usual
  const paused = await makeFixedContract(prisma, { name: "paused", clientId: carl.id, freelancerId: felix.id, rateCents: 1000, weeklyPaymentCents: 20_000, limitHours: 40 });
  await makeFixedSegments(prisma, paused, slotsFrom(day(1, 10), 6));
  await prisma.contractPause.create({ data: { id: fixtureId("pause"), contractId: paused, startedAt: day(3, 10), endedAt: day(3, 16), reason: "test" } });
  // nothing this week: no invoice
  await makeFixedContract(prisma, { name: "idle", clientId: carl.id, freelancerId: felix.id, limitHours: 10 });
  for (let i = 0; i < extra; i++) {
    const f = await makeFixedUser(prisma, `f${i}`, "FREELANCER");
    const c = await makeFixedContract(prisma, { name: `extra${i}`, clientId: i % 2 ? clara.id : carl.id, freelancerId: f.id, rateCents: 1000 + 37 * i, limitHours: i % 3 === 0 ? 2 : null });
    await makeFixedSegments(prisma, c, slotsFrom(day(i % 5, 6), 5 + (i % 17)));
  }
}

function runCli(url: string, extraEnv: Record<string, string> = {}, args: string[] = []): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/close-week.ts", "--week", "2024-06-03", ...args], {
      env: { ...process.env, DATABASE_URL: url, HOURGLASS_MODE: "test", HOURGLASS_NOW: "2024-06-10T12:00:00Z", ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code, signal) => resolve({ code, signal, out }));
  });
}

/** The reference: the same data closed once, undisturbed, in its own database. */
async function cleanRunDump(extra: number): Promise<string> {
  const clean = await freshDatabase();
  await seedWeek(clean.prisma, extra);
  await closeWeek({ weekStart: WEEK, now: CLOSE });
  return dumpLedger(clean.prisma);
}

describe("weekly close", () => {
  it("books one invoice per contract week: hourly within the limit, the prorated weekly payment, both fees (R6.1, R6.2, R9)", async () => {
    const { prisma } = await freshDatabase();
    await seedWeek(prisma);
    const result = await closeWeek({ weekStart: WEEK, now: CLOSE });
    expect(result).toMatchObject({ contractWeeks: 5, invoicesCreated: 5, skipped: [] });

    const inv = async (name: string) => prisma.invoice.findUnique({ where: { contractId_weekStart: { contractId: fixtureId(`contract:${name}`), weekStart: WEEK } } });
    // 120 billable slots = 20 h x $45 = $900; 3% client fee, 10% service fee
    expect(await inv("limited")).toMatchObject({
      billedMinutes: 1200, overLimitMinutes: 100, hourlyAmountCents: 90_000, clientFeeCents: 2700, serviceFeeCents: 9000, totalChargedCents: 92_700,
      weeklyPaymentCents: 0, closedAt: CLOSE, referenceId: expect.stringMatching(/^HG-INV-2024W23-[0-9A-Z]{10}$/),
    });
    // 100 minutes x $22.22 / 60 = $37.033... -> 3703 cents, rounded once
    expect(await inv("open")).toMatchObject({ billedMinutes: 100, hourlyAmountCents: 3703, clientFeeCents: 111, serviceFeeCents: 370 });
    expect(await inv("retainer")).toMatchObject({ billedMinutes: 0, overLimitMinutes: 120, hourlyAmountCents: 0, weeklyPaymentCents: 50_000, weeklyPaymentPercent: 100, totalChargedCents: 51_500 });
    expect(await inv("late-start")).toMatchObject({ weeklyPaymentCents: 12_000, weeklyPaymentPercent: 60 });
    expect(await inv("paused")).toMatchObject({ hourlyAmountCents: 1000, weeklyPaymentCents: 0, weeklyPaymentPercent: 0 });
    expect(await inv("idle")).toBeNull();

    // the ledger: client pays gross + client fee, freelancer earns gross - service fee in review, platform keeps both fees
    const entries = await prisma.$queryRaw<Array<{ code: string; amount: string }>>`
      SELECT a.code, e.amount_cents::text AS amount FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
      WHERE e.transfer_id = ${transferIdOf(`close:${fixtureId("contract:limited")}:2024-06-03:hourly`)}::uuid ORDER BY a.code`;
    expect(entries).toEqual([
      { code: `client:${fixtureId("user:clara")}:charges`, amount: "-92700" },
      { code: `freelancer:${fixtureId("user:fiona")}:in_review`, amount: "81000" },
      { code: "platform:fees", amount: "11700" },
    ]);
    // R9.3 the weekly payment skips review: pending, available 5 days after the close
    const fionaPending = await prisma.ledgerAccount.findUniqueOrThrow({ where: { code: `freelancer:${fixtureId("user:fiona")}:pending` } });
    expect(fionaPending.balanceCents).toBe(45_000n);
    const maturities = await prisma.ledgerMaturity.findMany({ where: { userId: fixtureId("user:fiona") }, orderBy: { dueAt: "asc" } });
    expect(maturities.map((m) => [m.stage, m.pendingAt?.toISOString() ?? null, m.availableAt.toISOString()])).toEqual([
      ["PENDING", "2024-06-15T00:00:00.000Z", "2024-06-19T00:00:00.000Z"],
      ["AVAILABLE", null, "2024-06-15T12:00:00.000Z"],
    ]);
    expect(await prisma.weekClose.findUnique({ where: { weekStart: WEEK } })).toMatchObject({ completedAt: CLOSE, invoices: 5 });
  });

  it("writes any contract title as it is: quotes, backslashes, commas, braces and NULL survive the batched write", async () => {
    const { prisma } = await freshDatabase();
    current = prisma;
    const client = await makeFixedUser(prisma, "clara", "CLIENT");
    const freelancer = await makeFixedUser(prisma, "fiona", "FREELANCER");
    const titles = ['Say "hi", {braces} \\ back\\slash', "NULL", "", "ünï, cödé ✓ 'quoted'\nnext line"];
    for (const [i, title] of titles.entries()) {
      const id = await makeFixedContract(prisma, { name: `odd${i}`, clientId: client.id, freelancerId: freelancer.id, limitHours: null, weeklyPaymentCents: 10_000 });
      await prisma.contract.update({ where: { id }, data: { title } });
      await makeFixedSegments(prisma, id, slotsFrom(day(i, 9), 3));
    }
    expect(await closeWeek({ weekStart: WEEK, now: CLOSE })).toMatchObject({ invoicesCreated: 4, skipped: [] });
    for (const [i, title] of titles.entries()) {
      for (const kind of ["hourly", "weekly_payment"]) {
        const t = await prisma.ledgerTransfer.findUniqueOrThrow({ where: { id: transferIdOf(`close:${fixtureId(`contract:odd${i}`)}:2024-06-03:${kind}`) } });
        expect(t.description).toContain(`: ${title}, week of 2024-06-03: `);
        expect(t.idempotencyKey).toBe(`close:${fixtureId(`contract:odd${i}`)}:2024-06-03:${kind}`);
      }
    }
  });

  it("refuses to close a week before its close instant (R1.3: the week is still editable)", async () => {
    await expect(closeWeek({ weekStart: WEEK, now: new Date(CLOSE.getTime() - 1) })).rejects.toMatchObject({ code: "validation_failed", details: { fields: { week: expect.any(String) } } });
    await expect(closeWeek({ weekStart: new Date("2024-06-04T00:00:00Z"), now: CLOSE })).rejects.toMatchObject({ code: "NOT_WEEK_START" });
  });

  it("run twice books everything exactly once: the second run writes nothing and the ledger is unchanged", async () => {
    const { prisma } = await freshDatabase();
    await seedWeek(prisma, 12);
    await closeWeek({ weekStart: WEEK, now: CLOSE, chunkSize: 4 });
    const first = await dumpLedger(prisma);
    const again = await closeWeek({ weekStart: WEEK, now: new Date(CLOSE.getTime() + 3_600_000), chunkSize: 4 });
    expect(again.invoicesCreated).toBe(0);
    expect(await dumpLedger(prisma)).toBe(first);
  });

  it("run by two processes at once books everything exactly once, identical to a clean run", async () => {
    const reference = await cleanRunDump(40);
    const { prisma, url } = await freshDatabase();
    await seedWeek(prisma, 40);
    const [a, b] = await Promise.all([runCli(url, {}, ["--chunk-size", "2"]), runCli(url, {}, ["--chunk-size", "2"])]);
    expect([a.code, b.code], a.out + b.out).toEqual([0, 0]);
    const created = [a.out, b.out].map((o) => Number(/: (\d+) new invoice/.exec(o)?.[1]));
    expect(created[0]! + created[1]!, a.out + b.out).toBe(45);
    expect(await dumpLedger(prisma)).toBe(reference);
  });

  it("killed mid-transaction half-way, then rerun: the ledger is identical to a clean run", async () => {
    const reference = await cleanRunDump(30);
    const { prisma, url } = await freshDatabase();
    await seedWeek(prisma, 30);
    const killed = await runCli(url, { HOURGLASS_CLOSE_CRASH_AFTER_CHUNKS: "3" }, ["--chunk-size", "5", "--parallel", "1"]);
    // (tsx reports its child's SIGKILL as exit code 128 + 9)
    expect(killed.signal === "SIGKILL" || killed.code === 137, killed.out).toBe(true);
    // whole chunks survive, the one in flight is gone
    expect(await prisma.invoice.count()).toBe(15);
    expect(await prisma.weekClose.findUniqueOrThrow({ where: { weekStart: WEEK } })).toMatchObject({ completedAt: null });
    await expectLedgerInvariants(prisma);
    const rerun = await runCli(url);
    expect(rerun.code, rerun.out).toBe(0);
    expect(rerun.out).toContain("20 new invoice(s) of 20 contract week(s)");
    expect(await dumpLedger(prisma)).toBe(reference);
  });

  it("aborted in-process mid-chunk with chunks in flight, then rerun: identical to a clean run", async () => {
    const reference = await cleanRunDump(30);
    const { prisma } = await freshDatabase();
    await seedWeek(prisma, 30);
    const crash = new Error("crash drill");
    await expect(
      closeWeek({ weekStart: WEEK, now: CLOSE, chunkSize: 3, parallel: 2, onChunkWritten: ({ index }) => { if (index === 4) throw crash; } }),
    ).rejects.toBe(crash);
    const partial = await prisma.invoice.count();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(35);
    await closeWeek({ weekStart: WEEK, now: CLOSE, chunkSize: 7 });
    expect(await dumpLedger(prisma)).toBe(reference);
  });

  it("with more workers than work in flight, small reads and chunks: finishes, identical to a clean run", async () => {
    // Regression: two idle workers woke each other forever (a microtask loop that starved the
    // reads they were waiting for) once three or more ran (`--parallel 3`).
    const reference = await cleanRunDump(30);
    const { prisma } = await freshDatabase();
    await seedWeek(prisma, 30);
    const result = await closeWeek({ weekStart: WEEK, now: CLOSE, chunkSize: 2, readPartSize: 1, parallel: 6 });
    expect(result).toMatchObject({ contractWeeks: 35, invoicesCreated: 35, skipped: [] });
    expect(await dumpLedger(prisma)).toBe(reference);
  }, 30_000);

  it("reads the week part by part, never all its contracts at once; parts that split a client's contracts book identical to a clean run", async () => {
    // issue 17: no step holds a whole week in memory (bench/close-scale.bench.ts measures it at 100k contracts)
    const reference = await cleanRunDump(30);
    const { prisma } = await freshDatabase();
    await seedWeek(prisma, 30);
    const reads: Array<{ index: number; contracts: number }> = [];
    const result = await closeWeek({ weekStart: WEEK, now: CLOSE, readPartSize: 4, chunkSize: 5, onPartRead: (part) => reads.push(part) });
    expect(result).toMatchObject({ contractWeeks: 35, invoicesCreated: 35, skipped: [] });
    // 36 contracts of the week (35 billed, one idle): nine parts of 4
    expect(reads.map((r) => r.contracts).sort((a, b) => a - b)).toEqual([...Array(9).fill(4)]);
    expect(await dumpLedger(prisma)).toBe(reference);
  });

  it("skips and reports a contract whose data breaks a rule, books the rest, and leaves the week open for a rerun", async () => {
    const { prisma } = await freshDatabase();
    await seedWeek(prisma);
    // a weekly limit that is not whole hours (R4.1 / lib/billing refuses it)
    await prisma.weeklyLimitChange.create({
      data: { contractId: fixtureId("contract:open"), limitMinutes: 90, requestedAt: day(1), effectiveFrom: day(1), requestedById: fixtureId("user:clara") },
    });
    const result = await closeWeek({ weekStart: WEEK, now: CLOSE });
    expect(result.skipped).toEqual([{ contractId: fixtureId("contract:open"), reason: expect.stringContaining("whole number of hours") }]);
    expect(result.invoicesCreated).toBe(4);
    expect(await prisma.weekClose.findUniqueOrThrow({ where: { weekStart: WEEK } })).toMatchObject({ completedAt: null });
  });
});

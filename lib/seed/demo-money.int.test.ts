// The demo has money: weeks closed through the ledger services, and
// fiona can withdraw right away.
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { expectLedgerInvariants } from "../../tests/support/ledger";
import { seedDemo } from "./demo";
import { readBalances } from "../ledger/balances";
import { setNoticeSink } from "../realtime/notify";
import { withdraw } from "../payouts/withdraw";

const { prisma } = await setupTestDatabase();
const now = new Date("2024-06-12T15:05:00Z"); // the demo clock, a Wednesday
const seeded = await seedDemo(prisma, now);
beforeAll(() => setNoticeSink(() => undefined));

describe("demo money", () => {
  it("closes every week up to now: last week's hourly work is in review, the retainer's weekly payments pending or available", async () => {
    const invoices = await prisma.invoice.findMany({ orderBy: [{ weekStart: "asc" }] });
    expect(new Set(invoices.map((i) => i.weekStart.toISOString()))).toEqual(new Set(["2024-05-20T00:00:00.000Z", "2024-05-27T00:00:00.000Z", "2024-06-03T00:00:00.000Z"]));
    const fiona = await readBalances(seeded.users.fiona, now);
    expect(fiona.inReview).toBeGreaterThan(0n);
    const farah = await readBalances(seeded.users.farah, now);
    // $500 a week, 10% service fee: two weeks available, last week's still pending (R9.3: 5 days after the close)
    expect(farah.available).toBe(90_000n);
    expect(farah.pending).toBe(45_000n);
    expect(farah.inReview).toBeGreaterThan(0n);
    await expectLedgerInvariants(prisma);
  });

  it("gives fiona an available balance (a bonus paid 8 days ago) and a usable ACH method, so she can withdraw now", async () => {
    expect((await readBalances(seeded.users.fiona, now)).available).toBe(22_500n);
    const method = await prisma.payoutMethod.findFirstOrThrow({ where: { userId: seeded.users.fiona, kind: "ACH", isDefault: true } });
    expect(method.usableFrom.getTime()).toBeLessThanOrEqual(now.getTime());
    const { withdrawal } = await withdraw({ id: seeded.users.fiona }, { amountCents: 10_000, methodId: method.id, idempotencyKey: "demo-test-withdrawal" }, now);
    expect(withdrawal).toMatchObject({ amountCents: 10_000, feeCents: 0, status: "PROCESSING" });
    await expectLedgerInvariants(prisma);
  });
});

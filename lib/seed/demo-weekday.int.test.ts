// `npm run dev` seeds the demo at the real now, whatever the day. It failed on Mondays (UTC): the demo's bonus is paid 8 days back, before the clients' verification at last Monday,
// and payBonus refused it. One fresh database per instant; the Wednesday case is demo.int.test.ts.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/support/database";
import { setDbForTests } from "../db/client";
import { readBalances } from "../ledger/balances";
import { LocalBlobStore, setBlobStoreForTests } from "../storage";
import { seedDemo } from "./demo";

describe("the demo seeds on any day of the week", () => {
  const opened: Array<{ $disconnect(): Promise<void> }> = [];
  afterAll(async () => {
    for (const prisma of opened) await prisma.$disconnect();
  });

  it.each(["2026-12-07T00:30:00Z"])("at %s, a Monday: the bonus is paid and available", async (at) => {
    const { prisma } = await createTestDatabase();
    opened.push(prisma);
    setDbForTests(prisma);
    setBlobStoreForTests(new LocalBlobStore(mkdtempSync(path.join(tmpdir(), "hourglass-demo-weekday-"))));
    const now = new Date(at);
    const seeded = await seedDemo(prisma, now);
    const bonus = await prisma.bonus.findFirstOrThrow({ where: { contractId: seeded.contracts.mobile as string } });
    expect(bonus.amountCents).toBe(25_000);
    expect((await readBalances(seeded.users.fiona, now)).available).toBeGreaterThan(0n);
  });
});

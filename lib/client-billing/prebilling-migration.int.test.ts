// R14.5 an upgraded database: the migrations 20261206220210 and 20261206220220 settle what clients owed before
// client billing (one CHARGE per client: payments -X, receivable +X) and give the invoices closed before it a paid
// charge each, so no job charges them again. Run here again on a database with pre-billing money in it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { balanceOf, expectLedgerInvariants, makeFixedContract, makeFixedSegments, makeFixedUser, slotsFrom } from "../../tests/support/ledger";
import { sql } from "../db/client";
import { setNoticeSink } from "../realtime/notify";
import { closeWeek } from "../ledger/close-week";
import { chargeClosedWeeks, processDueCharges } from "./charges";

const { prisma } = await setupTestDatabase();
beforeAll(() => setNoticeSink(() => undefined));
afterEach(() => expectLedgerInvariants(prisma));

const migration = (name: string) => readFileSync(path.resolve(import.meta.dirname, `../../prisma/migrations/${name}/migration.sql`), "utf8");

describe("R14.5 the upgrade of a database that billed before client billing", () => {
  it("settles each client's receivable once, marks the old invoices paid, and no job charges them again", async () => {
    const client = await makeFixedUser(prisma, "old-client", "CLIENT", { verified: true });
    const freelancer = await makeFixedUser(prisma, "old-freelancer", "FREELANCER");
    const contractId = await makeFixedContract(prisma, { name: "old", clientId: client.id, freelancerId: freelancer.id, rateCents: 6000, startsAt: new Date("2024-06-03T00:00:00Z") });
    await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-04T09:00:00Z"), 6));
    await closeWeek({ weekStart: new Date("2024-06-03T00:00:00Z"), now: new Date("2024-06-10T12:00:00Z") });
    // $60.00 + 3% = $61.80 owed, as every client owed before the upgrade
    expect(await balanceOf(prisma, `client:${client.id}:charges`)).toBe(-6180n);
    for (let run = 0; run < 2; run++) {
      await sql().query(migration("20261206220210_client_charges_settlement"));
      await sql().query(migration("20261206220220_client_charges_history").replace(/^CREATE INDEX .*$/m, ""));
    }
    expect(await balanceOf(prisma, `client:${client.id}:charges`)).toBe(0n);
    expect(await balanceOf(prisma, `client:${client.id}:payments`)).toBe(-6180n);
    expect(await prisma.ledgerTransfer.count({ where: { type: "CHARGE", description: "Paid before client billing" } })).toBe(1);
    const invoice = await prisma.invoice.findFirstOrThrow({ where: { contractId }, include: { charge: true } });
    expect(invoice.charge).toMatchObject({ kind: "WEEKLY", status: "SUCCEEDED", amountCents: 6180, clientId: client.id, referenceId: expect.stringMatching(/^HG-CHG-PRE-2024W23-/) });
    // the jobs find nothing to charge
    expect(await chargeClosedWeeks(new Date("2024-06-12T00:00:00Z"))).toBe(0);
    expect((await processDueCharges(new Date("2024-06-12T00:00:00Z"))).attempted).toBe(0);
    expect(await prisma.chargeAttempt.count()).toBe(0);
  });
});

// R9.5 the weekly close prorates a weekly payment from the day the contract became active: the
// later of its start date and the freelancer's acceptance. An offer starting on Monday and accepted
// on Thursday is paid 40% for that week (it was paid 100% when the close counted from the start date).
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "../auth/current-user";

const { setupTestDatabase } = await import("../../tests/support/database");
const { expectLedgerInvariants, makeFixedContract, makeFixedUser } = await import("../../tests/support/ledger");
const { setNoticeSink } = await import("../realtime/notify");
const { closeWeek } = await import("./close-week");
const { changeStatus } = await import("../contracts/change-status");
const { prisma } = await setupTestDatabase();

const WEEK = new Date("2024-06-03T00:00:00Z"); // Monday
let client: CurrentUser;
let freelancer: CurrentUser;

/** A $500/week offer starting Monday 3 June, accepted by the freelancer at `acceptedAt`. */
async function offerAcceptedAt(name: string, acceptedAt: string): Promise<string> {
  const id = await makeFixedContract(prisma, { name, clientId: client.id, freelancerId: freelancer.id, limitHours: 0, weeklyPaymentCents: 50_000, startsAt: WEEK });
  await prisma.contract.update({ where: { id }, data: { status: "OFFER" } });
  await changeStatus(freelancer, id, "accept", new Date(acceptedAt));
  return id;
}

const ids: Record<string, string> = {};
beforeAll(async () => {
  setNoticeSink(() => undefined);
  client = await makeFixedUser(prisma, "accept-client", "CLIENT", { verified: true });
  freelancer = await makeFixedUser(prisma, "accept-freelancer", "FREELANCER");
  ids.thursday = await offerAcceptedAt("thursday", "2024-06-06T16:30:00Z");
  ids.before = await offerAcceptedAt("before", "2024-05-31T09:00:00Z");
  ids.saturday = await offerAcceptedAt("saturday", "2024-06-08T09:00:00Z");
  ids.nextWeek = await offerAcceptedAt("next-week", "2024-06-11T09:00:00Z");
  await closeWeek({ weekStart: WEEK, now: new Date("2024-06-11T12:00:00Z") });
});
afterEach(() => expectLedgerInvariants(prisma));

describe("R9.5 first week counted from the acceptance", () => {
  it.each([
    ["accepted on Thursday: 40%", "thursday", 40, 20_000],
    ["accepted before the start: 100%", "before", 100, 50_000],
    ["accepted on Saturday: the 20% minimum", "saturday", 20, 10_000],
  ])("%s", async (_name, key, percent, gross) => {
    const invoice = await prisma.invoice.findUniqueOrThrow({ where: { contractId_weekStart: { contractId: ids[key]!, weekStart: WEEK } } });
    expect({ percent: invoice.weeklyPaymentPercent, gross: invoice.weeklyPaymentCents }).toEqual({ percent, gross });
    // R9.3 the freelancer's net share (the gross less the 10% service fee) skips review: pending
    const entries = await prisma.ledgerEntry.findMany({ where: { transfer: { contractId: ids[key]!, type: "WEEKLY_PAYMENT" }, account: { code: `freelancer:${freelancer.id}:pending` } } });
    expect(entries.map((e) => Number(e.amountCents))).toEqual([(gross * 9) / 10]);
  });

  it("an offer accepted after the week gets nothing for it", async () => {
    expect(await prisma.invoice.count({ where: { contractId: ids.nextWeek!, weekStart: WEEK } })).toBe(0);
    expect((await prisma.contract.findUniqueOrThrow({ where: { id: ids.nextWeek! } })).acceptedAt).toEqual(new Date("2024-06-11T09:00:00Z"));
  });
});

// R7.1 several disputes of one invoiced week, on a real PostgreSQL: each on segments no other open
// or settled dispute holds (a withdrawn one lets them go), each pausing the contract (R7.2) until
// every one of them is resolved; the money stays right: nothing refunded twice, the refunds of all
// of them add up to refunding their minutes at once, the next close pays no weekly payment for the
// paused week (R9.4), maturity moves what is left, and the ledger balances throughout.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "../auth/current-user";

const { setupTestDatabase } = await import("../../tests/support/database");
const { makeUser } = await import("../../tests/support/factories");
const { balanceOf, expectLedgerInvariants, makeFixedContract, makeFixedSegments, makeFixedUser, slotsFrom } = await import("../../tests/support/ledger");
const { setNoticeSink } = await import("../realtime/notify");
const { closeWeek } = await import("../ledger/close-week");
const { matureDueEarnings } = await import("../ledger/mature-earnings");
const { refundForMinutes } = await import("../billing");
const { changeStatus } = await import("../contracts/change-status");
const { fileDispute } = await import("./file-dispute");
const { resolveDispute, respondToDispute, withdrawDispute } = await import("./resolve-dispute");
const { prisma } = await setupTestDatabase();

const WEEK = new Date("2024-06-03T00:00:00Z");
const t = (iso: string) => new Date(iso);

let admin: CurrentUser;
let client: CurrentUser;
let freelancer: CurrentUser;
let contractId: string;
let good: string[];
let idle: string[];

beforeAll(async () => {
  setNoticeSink(() => undefined);
  admin = await makeUser(prisma, "ADMIN");
  client = await makeFixedUser(prisma, "multi-client", "CLIENT", { verified: true });
  freelancer = await makeFixedUser(prisma, "multi-freelancer", "FREELANCER");
  // 6 protected segments and 2 without activity at $60/h: $80.00 hourly (client fee $2.40, service fee $8.00), and $500 a week
  contractId = await makeFixedContract(prisma, { name: "multi", clientId: client.id, freelancerId: freelancer.id, rateCents: 6000, limitHours: 40, weeklyPaymentCents: 50_000 });
  good = await makeFixedSegments(prisma, contractId, slotsFrom(t("2024-06-04T09:00:00Z"), 6));
  idle = await makeFixedSegments(prisma, contractId, slotsFrom(t("2024-06-05T09:00:00Z"), 2), { activityLevel: 0 });
  await closeWeek({ weekStart: WEEK, now: t("2024-06-10T12:00:00Z") });
});
afterEach(() => expectLedgerInvariants(prisma));

const file = (segmentIds: string[], at: string) => fileDispute(client, { contractId, weekStart: WEEK, segmentIds, reason: "Not on our project." }, t(at));
const state = async () => {
  const c = await prisma.contract.findUniqueOrThrow({ where: { id: contractId }, include: { pauses: { where: { endedAt: null } } } });
  return { status: c.status, disputePauses: c.pauses.filter((p) => p.disputeId).length };
};
const bal = async (code: string) => Number(await balanceOf(prisma, code));

describe("several disputes on one week", () => {
  it("each on its own segments, each pausing the contract until all are resolved; the money adds up once", async () => {
    const charged = await bal(`client:${client.id}:charges`);
    const inReview = await bal(`freelancer:${freelancer.id}:in_review`);
    expect(inReview).toBe(7200);

    const a = await file(good.slice(0, 2), "2024-06-11T10:00:00Z");
    expect(await state()).toEqual({ status: "PAUSED", disputePauses: 1 });
    // a segment an open dispute holds cannot be disputed again, not even alongside others
    await expect(file([good[1]!, ...idle], "2024-06-11T11:00:00Z")).rejects.toMatchObject({ status: 422, details: { fields: { segmentIds: expect.stringContaining("already in a dispute") } } });
    const b = await file(idle, "2024-06-11T11:00:00Z");
    expect(b.referenceId).not.toBe(a.referenceId);
    expect(await state()).toEqual({ status: "PAUSED", disputePauses: 2 });
    expect(await bal(`freelancer:${freelancer.id}:held`)).toBe(3600);

    // the first one settled: the second still holds the contract paused, and the client cannot resume it
    await respondToDispute(freelancer, a.id, "accept", t("2024-06-12T09:00:00Z"));
    expect(await state()).toEqual({ status: "PAUSED", disputePauses: 1 });
    await expect(changeStatus(client, contractId, "resume", t("2024-06-12T09:30:00Z"))).rejects.toMatchObject({ status: 409 });
    // a segment a settled dispute refunded cannot be disputed again
    await expect(file([good[0]!], "2024-06-12T09:45:00Z")).rejects.toMatchObject({ status: 422 });

    // Choice: a withdrawn dispute lets its segments go; the client may dispute them again in the window
    const d = await file([good[2]!], "2024-06-12T10:00:00Z");
    await withdrawDispute(client, d.id, t("2024-06-12T11:00:00Z"));
    const e = await file([good[2]!], "2024-06-12T12:00:00Z");
    expect(await state()).toEqual({ status: "PAUSED", disputePauses: 2 });

    await respondToDispute(freelancer, b.id, "decline", t("2024-06-12T13:00:00Z"));
    const reviewed = await resolveDispute(admin, b.id, t("2024-06-13T10:00:00Z"));
    expect(reviewed.status).toBe("RESOLVED");
    expect(await state()).toEqual({ status: "PAUSED", disputePauses: 1 });
    await respondToDispute(freelancer, e.id, "accept", t("2024-06-13T11:00:00Z"));
    expect(await state()).toEqual({ status: "ACTIVE", disputePauses: 0 });

    // 50 of the 80 billed minutes refunded in three settlements: exactly what refunding them at once gives
    const invoice = await prisma.invoice.findUniqueOrThrow({ where: { contractId_weekStart: { contractId, weekStart: WEEK } } });
    const all = refundForMinutes({ billableMinutes: invoice.billedMinutes, amountCents: invoice.hourlyAmountCents, clientFeeCents: invoice.hourlyClientFeeCents, serviceFeeCents: invoice.hourlyServiceFeeCents }, 50);
    expect(all).toMatchObject({ refundCents: 5000, clientRefundTotalCents: 5150, freelancerDeductionCents: 4500 });
    const refunds = await prisma.ledgerTransfer.findMany({ where: { contractId, type: "REFUND" } });
    expect(refunds.map((r) => r.disputeId).sort()).toEqual([a.id, b.id, e.id].sort());
    const settled = await prisma.dispute.findMany({ where: { contractId }, orderBy: { filedAt: "asc" } });
    expect(settled.map((x) => [x.status, x.refundedCents])).toEqual([["ACCEPTED", 2000], ["RESOLVED", 2000], ["WITHDRAWN", 0], ["ACCEPTED", 1000]]);
    expect(await bal(`client:${client.id}:charges`)).toBe(charged + all.clientRefundTotalCents);
    expect(await bal(`freelancer:${freelancer.id}:held`)).toBe(0);
    expect(await bal(`freelancer:${freelancer.id}:in_review`)).toBe(inReview - all.freelancerDeductionCents);

    // R9.4 the next week was paused: no weekly payment; the first week's $450.00 net and the hourly rest mature
    await closeWeek({ weekStart: t("2024-06-10T00:00:00Z"), now: t("2024-06-17T12:00:00Z") });
    expect(await prisma.ledgerTransfer.count({ where: { contractId, type: "WEEKLY_PAYMENT" } })).toBe(1);
    await matureDueEarnings(t("2024-06-19T00:00:00Z"));
    expect(await bal(`freelancer:${freelancer.id}:in_review`)).toBe(0);
    expect(await bal(`freelancer:${freelancer.id}:pending`)).toBe(0);
    expect(await bal(`freelancer:${freelancer.id}:available`)).toBe(45_000 + 7200 - 4500);
  });
});

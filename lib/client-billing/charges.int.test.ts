// R14.2-R14.5 end to end through the jobs, at the instants R14 names, on a real PostgreSQL with the sandbox
// provider: a decline at the close and the retries on day 1 and day 3, past due and paused contracts, pay now
// (contracts resumed, held earnings maturing on the right day), the write-off at day 30, a week of protected and
// unprotected segments with a weekly payment checked cent by cent, and the concurrency cases.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { balanceOf, expectLedgerInvariants, freshDatabase, makeFixedContract, makeFixedSegments, makeFixedUser, slotsFrom } from "../../tests/support/ledger";
import { addVerifiedCard } from "../../tests/support/billing-methods";
import type { PrismaClient } from "../generated/prisma/client";
import type { CurrentUser } from "../auth/current-user";
import { setNoticeSink } from "../realtime/notify";
import { JOBS } from "../jobs/definitions";
import { runDueJobs } from "../jobs/scheduler";
import { closeWeek } from "../ledger/close-week";
import { changeStatus } from "../contracts/change-status";
import { createWeeklyCharges, processDueCharges } from "./charges";
import { clientBillingStatus, listCharges, payChargeNow } from "./charge-views";
import { transactionTypeLabel } from "../validation/money";

await setupTestDatabase();
beforeAll(() => setNoticeSink(() => undefined));
let current: PrismaClient | null = null;
afterEach(async () => {
  if (current) await expectLedgerInvariants(current);
});

const WEEK = new Date("2024-06-03T00:00:00Z");
const CLOSE = "2024-06-10T12:00:00Z";
const at = (iso: string) => new Date(iso);
const DECLINES = "4000000000000341";
const LOSES_ANSWER = "4000000000000119";

/**
 * A client, a freelancer and a contract at $30/h with a $100 weekly payment, worked in the week of 2024-06-03:
 * 6 protected segments, 2 tracked with no activity and 1 of manual time (3 unprotected, R5).
 * Hourly: 90 min = $45.00, client fee $1.35, service fee $4.50, net $40.50. Weekly: $100, fees $3 + $10, net $90.
 * The charge: $45.00 + $1.35 + $100.00 + $3.00 = $149.35.
 */
async function seed(prisma: PrismaClient, name = "a", card: string | null = DECLINES) {
  current = prisma;
  const client = await makeFixedUser(prisma, `client-${name}`, "CLIENT", { verified: true });
  const freelancer = await makeFixedUser(prisma, `freelancer-${name}`, "FREELANCER");
  const contractId = await makeFixedContract(prisma, { name, clientId: client.id, freelancerId: freelancer.id, rateCents: 3000, limitHours: 40, weeklyPaymentCents: 10_000, startsAt: WEEK });
  await makeFixedSegments(prisma, contractId, slotsFrom(at("2024-06-04T09:00:00Z"), 6));
  await makeFixedSegments(prisma, contractId, slotsFrom(at("2024-06-05T09:00:00Z"), 2), { activityLevel: 0 });
  await makeFixedSegments(prisma, contractId, slotsFrom(at("2024-06-06T09:00:00Z"), 1), { manual: true });
  if (card) await addVerifiedCard(prisma, client.id, { number: card });
  const user: CurrentUser = { ...client };
  return { client: user, freelancer, contractId };
}

async function jobsAt(iso: string) {
  const runs = await runDueJobs(at(iso), JOBS);
  expect(runs.filter((r) => !r.ok)).toEqual([]);
}

async function freelancerBooked(prisma: PrismaClient, id: string) {
  const b = async (s: string) => Number(await balanceOf(prisma, `freelancer:${id}:${s}`));
  return { inReview: await b("in_review"), pending: await b("pending"), available: await b("available"), held: await b("held") };
}

const sandboxCharges = (prisma: PrismaClient, chargeId: string) =>
  prisma.sandboxCharge.findMany({ where: { idempotencyKey: { startsWith: `hg-charge:${chargeId}:` } } });

describe("R14.3 / R14.4 a declined week through the jobs", () => {
  it("declined at the close and on days 1 and 3; past due pauses the contract; pay now resumes it and releases the held earnings on the right day", async () => {
    const { prisma } = await freshDatabase();
    const { client, freelancer, contractId } = await seed(prisma);

    await jobsAt(CLOSE);
    const charge = await prisma.charge.findFirstOrThrow({ where: { clientId: client.id } });
    expect(charge).toMatchObject({ kind: "WEEKLY", amountCents: 14_935, status: "FAILED", attempts: 1, nextAttemptAt: at("2024-06-11T12:00:00Z") });
    expect(await prisma.invoice.count({ where: { chargeId: charge.id } })).toBe(1);
    // R14.4 the unprotected net ($13.50 of $40.50) and the whole weekly payment ($90) are held; the protected $27.00 is not
    expect(await freelancerBooked(prisma, freelancer.id)).toEqual({ inReview: 2700, pending: 0, available: 0, held: 10_350 });
    expect(await prisma.chargeHold.findFirstOrThrow({ where: { chargeId: charge.id } })).toMatchObject({ protectedNetCents: 2700, heldNetCents: 10_350, heldFeesCents: 195 + 1300, status: "HELD" });
    expect(await prisma.notification.count({ where: { userId: client.id, kind: "charge_failed" } })).toBe(1);

    await jobsAt("2024-06-11T11:59:59Z");
    expect((await prisma.charge.findUniqueOrThrow({ where: { id: charge.id } })).attempts).toBe(1);
    await jobsAt("2024-06-11T12:00:00Z");
    expect(await prisma.charge.findUniqueOrThrow({ where: { id: charge.id } })).toMatchObject({ attempts: 2, status: "FAILED", nextAttemptAt: at("2024-06-13T12:00:00Z") });
    await jobsAt("2024-06-13T11:59:59Z");
    expect((await prisma.contract.findUniqueOrThrow({ where: { id: contractId } })).status).toBe("ACTIVE");
    await jobsAt("2024-06-13T12:00:00Z");
    expect(await prisma.charge.findUniqueOrThrow({ where: { id: charge.id } })).toMatchObject({ attempts: 3, status: "PAST_DUE", nextAttemptAt: null, pastDueAt: at("2024-06-13T12:00:00Z") });
    // R14.3 past due: the contract pauses as a dispute pauses it, and the freelancer is told
    expect((await prisma.contract.findUniqueOrThrow({ where: { id: contractId } })).status).toBe("PAUSED");
    expect(await prisma.contractPause.findFirst({ where: { contractId, reason: "past_due", endedAt: null } })).not.toBeNull();
    expect(await prisma.notification.count({ where: { userId: freelancer.id, kind: "contract_paused" } })).toBe(1);
    // the client cannot resume it while past due
    await expect(changeStatus(client, contractId, "resume", at("2024-06-13T13:00:00Z"))).rejects.toMatchObject({ status: 409 });
    expect(await prisma.notification.count({ where: { userId: client.id, kind: "charge_failed" } })).toBe(3);
    expect(await clientBillingStatus(client.id, at("2024-06-13T12:00:00Z"), { contractId })).toEqual({
      paymentVerified: true, pastDue: true, unpaidWeeks: [{ weekStart: WEEK.toISOString(), chargeId: charge.id, status: "PAST_DUE", protectedNetCents: 2700, heldNetCents: 10_350 }],
    });
    // no more scheduled attempts after the third
    await jobsAt("2024-06-14T12:00:00Z");
    expect((await prisma.charge.findUniqueOrThrow({ where: { id: charge.id } })).attempts).toBe(3);

    // R6.3 the protected earnings keep maturing: pending on Saturday
    await jobsAt("2024-06-15T00:00:00Z");
    expect(await freelancerBooked(prisma, freelancer.id)).toEqual({ inReview: 0, pending: 2700, available: 0, held: 10_350 });

    // pay now on a new default card (Monday 17th): paid, contract resumed
    await addVerifiedCard(prisma, client.id);
    const paid = await payChargeNow(client, charge.id, at("2024-06-17T10:00:00Z"));
    expect(paid).toMatchObject({ status: "SUCCEEDED", paidAt: "2024-06-17T10:00:00.000Z" });
    expect(paid.attempts.map((a) => [a.number, a.trigger, a.outcome])).toEqual([[1, "close", "DECLINED"], [2, "retry", "DECLINED"], [3, "retry", "DECLINED"], [4, "pay_now", "SUCCEEDED"]]);
    expect(paid.attempts[0]!.method).toMatchObject({ kind: "CARD", last4: "0341" });
    expect(paid.attempts[3]!.method).toMatchObject({ kind: "CARD", last4: "4242" });
    expect((await prisma.contract.findUniqueOrThrow({ where: { id: contractId } })).status).toBe("ACTIVE");
    expect(await prisma.notification.count({ where: { userId: freelancer.id, kind: "contract_resumed" } })).toBe(1);
    // R14.4 "the later of": the weekly payment's day (close + 5 days) has passed, so it is available at once;
    // the hourly share joins pending and becomes available on Wednesday 19th with the rest
    expect(await freelancerBooked(prisma, freelancer.id)).toEqual({ inReview: 0, pending: 4050, available: 9000, held: 0 });
    await jobsAt("2024-06-18T23:59:59Z");
    expect((await freelancerBooked(prisma, freelancer.id)).available).toBe(9000);
    await jobsAt("2024-06-19T00:00:00Z");
    expect(await freelancerBooked(prisma, freelancer.id)).toEqual({ inReview: 0, pending: 0, available: 13_050, held: 0 });
    // R14.5 the receivable is settled from the client's payments
    expect(await balanceOf(prisma, `client:${client.id}:charges`)).toBe(0n);
    expect(await balanceOf(prisma, `client:${client.id}:payments`)).toBe(-14_935n);
    expect((await sandboxCharges(prisma, charge.id)).map((c) => c.status).sort()).toEqual(["declined", "declined", "declined", "succeeded"]);

    // bad input: pay now on a paid charge moves no money
    await expect(payChargeNow(client, charge.id, at("2024-06-19T00:00:00Z"))).rejects.toMatchObject({ status: 422, details: { fields: { charge: "This charge is already paid." } } });
    expect(await prisma.chargeAttempt.count({ where: { chargeId: charge.id } })).toBe(4);
    // another client, and the freelancer, do not see it
    const other = await makeFixedUser(prisma, "other", "CLIENT");
    await expect(payChargeNow({ ...other }, charge.id, at("2024-06-19T00:00:00Z"))).rejects.toMatchObject({ status: 404 });
    await expect(payChargeNow({ ...freelancer }, charge.id, at("2024-06-19T00:00:00Z"))).rejects.toMatchObject({ status: 404 });
    expect(await listCharges({ ...other })).toEqual([]);
    expect((await listCharges(client)).map((c) => c.id)).toEqual([charge.id]);
  });

  it("written off at close + 30 days: exactly the unprotected earnings reversed, protection pays the protected, the loss takes the rest", async () => {
    const { prisma } = await freshDatabase();
    const { client, freelancer } = await seed(prisma);
    for (const t of [CLOSE, "2024-06-11T12:00:00Z", "2024-06-13T12:00:00Z", "2024-06-15T00:00:00Z", "2024-06-19T00:00:00Z"]) await jobsAt(t);
    const charge = await prisma.charge.findFirstOrThrow({ where: { clientId: client.id } });
    expect(charge.status).toBe("PAST_DUE");
    // the protected $27.00 matured on the R6.3 day although the client never paid
    expect(await freelancerBooked(prisma, freelancer.id)).toEqual({ inReview: 0, pending: 0, available: 2700, held: 10_350 });

    await jobsAt("2024-07-10T11:59:59Z");
    expect((await prisma.charge.findUniqueOrThrow({ where: { id: charge.id } })).status).toBe("PAST_DUE");
    await jobsAt("2024-07-10T12:00:00Z");
    expect(await prisma.charge.findUniqueOrThrow({ where: { id: charge.id } })).toMatchObject({ status: "WRITTEN_OFF", writtenOffAt: at("2024-07-10T12:00:00Z") });
    expect(await freelancerBooked(prisma, freelancer.id)).toEqual({ inReview: 0, pending: 0, available: 2700, held: 0 });
    const legs = async (type: "REVERSAL" | "PROTECTION" | "WRITE_OFF") =>
      (await prisma.ledgerEntry.findMany({ where: { transfer: { type } }, include: { account: true } })).map((e) => [e.account.code.replace(client.id, "C").replace(freelancer.id, "F"), Number(e.amountCents)]).sort();
    // hourly: $13.50 net + $1.95 fees; weekly payment: $90 net + $13 fees
    expect(await legs("REVERSAL")).toEqual([
      ["client:C:charges", 1545], ["client:C:charges", 10_300], ["freelancer:F:held", -9000], ["freelancer:F:held", -1350], ["platform:fees", -1300], ["platform:fees", -195],
    ].sort());
    expect(await legs("PROTECTION")).toEqual([["client:C:charges", 2700], ["platform:protection", -2700]]);
    // the protected line's fees: $0.90 client fee + $3.00 service fee
    expect(await legs("WRITE_OFF")).toEqual([["client:C:charges", 390], ["platform:loss", -390]]);
    expect(await balanceOf(prisma, `client:${client.id}:charges`)).toBe(0n);
    expect(await balanceOf(prisma, "platform:fees")).toBe(390n);
    expect(await prisma.chargeHold.findFirstOrThrow({ where: { chargeId: charge.id } })).toMatchObject({ status: "REVERSED" });
    // the reversal reads as what it is, not as a returned payout
    const reversals = await prisma.ledgerTransfer.findMany({ where: { type: "REVERSAL" } });
    expect(reversals.map((t) => transactionTypeLabel(t.type, t.referenceId))).toEqual(["Reversed at write-off", "Reversed at write-off"]);
    await expect(payChargeNow(client, charge.id, at("2024-07-11T00:00:00Z"))).rejects.toMatchObject({ status: 422, details: { fields: { charge: expect.stringContaining("written off") } } });
  });

  it("a client with no billing method: the attempt is declined with no_method", async () => {
    const { prisma } = await freshDatabase();
    const { client } = await seed(prisma, "nomethod", null);
    await jobsAt(CLOSE);
    const [view] = await listCharges(client);
    expect(view).toMatchObject({ status: "FAILED", attempts: [{ number: 1, outcome: "DECLINED", failureMessage: "No billing method: add one in Settings › Billing", method: null }] });
    // R16.3 with two-step verification on, pay now asks for the code first and tries nothing without it
    await prisma.secondFactor.create({ data: { userId: client.id, secretEncrypted: "placeholder: no authenticator app", enabledAt: new Date(), createdAt: new Date() } });
    await expect(payChargeNow(client, view!.id, at("2024-06-10T13:00:00Z"))).rejects.toMatchObject({ status: 401, code: "second_factor_required" });
    expect(await prisma.chargeAttempt.count({ where: { chargeId: view!.id } })).toBe(1);
  });
});

describe("R14.4 what each freelancer sees of an unpaid week", () => {
  it("one charge covers both contracts' invoices; each freelancer's status shows only their own contract's holds", async () => {
    const { prisma } = await freshDatabase();
    const { client, contractId } = await seed(prisma, "two");
    const other = await makeFixedUser(prisma, "freelancer-two-b", "FREELANCER");
    const second = await makeFixedContract(prisma, { name: "two-b", clientId: client.id, freelancerId: other.id, rateCents: 6000, limitHours: 40, startsAt: WEEK });
    await makeFixedSegments(prisma, second, slotsFrom(at("2024-06-04T09:00:00Z"), 3), { memo: " " }); // R5 an empty memo: unprotected
    await jobsAt(CLOSE);
    const charge = await prisma.charge.findFirstOrThrow({ where: { clientId: client.id }, include: { invoices: true } });
    // $149.35 and 30 min at $60/h = $30.00 + $0.90
    expect(charge).toMatchObject({ amountCents: 14_935 + 3090, status: "FAILED" });
    expect(charge.invoices).toHaveLength(2);
    const t = at("2024-06-10T12:00:00Z");
    expect((await clientBillingStatus(client.id, t, { contractId })).unpaidWeeks).toEqual([expect.objectContaining({ protectedNetCents: 2700, heldNetCents: 10_350 })]);
    expect((await clientBillingStatus(client.id, t, { contractId: second })).unpaidWeeks).toEqual([expect.objectContaining({ protectedNetCents: 0, heldNetCents: 2700 })]);
    expect((await clientBillingStatus(client.id, t)).unpaidWeeks).toEqual([expect.objectContaining({ protectedNetCents: 2700, heldNetCents: 13_050 })]);
  });
});

describe("R14.2 charged once, whatever the concurrency", () => {
  async function closeAndCharge() {
    await closeWeek({ weekStart: WEEK, now: at(CLOSE) });
    return createWeeklyCharges(WEEK, at(CLOSE));
  }

  it("the charge job run twice and from two workers at once charges each client once", async () => {
    const { prisma } = await freshDatabase();
    const seeded = [await seed(prisma, "w1", "4242424242424242"), await seed(prisma, "w2", "4242424242424242"), await seed(prisma, "w3", DECLINES)];
    expect(await closeAndCharge()).toBe(3);
    expect(await createWeeklyCharges(WEEK, at(CLOSE))).toBe(0);
    const [a, b] = await Promise.all([processDueCharges(at(CLOSE), { batchSize: 1 }), processDueCharges(at(CLOSE), { batchSize: 1 })]);
    expect(a.attempted + b.attempted).toBe(3);
    expect(a.succeeded + b.succeeded).toBe(2);
    expect((await processDueCharges(at(CLOSE))).attempted).toBe(0);
    expect(await prisma.sandboxCharge.count()).toBe(3);
    expect(await prisma.ledgerTransfer.count({ where: { type: "CHARGE" } })).toBe(2);
    for (const s of seeded) expect(await prisma.chargeAttempt.count({ where: { charge: { clientId: s.client.id } } })).toBe(1);
  });

  it("pay now racing the day-1 retry charges once", async () => {
    const { prisma } = await freshDatabase();
    const { client } = await seed(prisma, "race");
    await closeAndCharge();
    await processDueCharges(at(CLOSE));
    const charge = await prisma.charge.findFirstOrThrow({ where: { clientId: client.id } });
    expect(charge.status).toBe("FAILED");
    await addVerifiedCard(prisma, client.id); // the new default succeeds
    const day1 = at("2024-06-11T12:00:00Z");
    const results = await Promise.allSettled([processDueCharges(day1), payChargeNow(client, charge.id, day1)]);
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as { status: number });
    for (const r of refused) expect([409, 422]).toContain(r.status);
    expect((await prisma.charge.findUniqueOrThrow({ where: { id: charge.id } })).status).toBe("SUCCEEDED");
    expect((await sandboxCharges(prisma, charge.id)).filter((c) => c.status === "succeeded")).toHaveLength(1);
    expect(await prisma.ledgerTransfer.count({ where: { type: "CHARGE" } })).toBe(1);
    expect(await balanceOf(prisma, `client:${client.id}:charges`)).toBe(0n);
  });

  it("a lost answer (card 0119) is reconciled by the next run, never charged twice", async () => {
    const { prisma } = await freshDatabase();
    const { client } = await seed(prisma, "lost", LOSES_ANSWER);
    await closeAndCharge();
    const first = await processDueCharges(at(CLOSE));
    expect(first).toMatchObject({ attempted: 1, succeeded: 0, failed: 0 });
    const charge = await prisma.charge.findFirstOrThrow({ where: { clientId: client.id }, include: { chargeAttempts: true } });
    expect(charge.status).toBe("PENDING");
    expect(charge.chargeAttempts.map((a) => a.outcome)).toEqual(["UNKNOWN"]);
    // pay now while the answer is unknown: 409, no second charge
    await expect(payChargeNow(client, charge.id, at(CLOSE))).rejects.toMatchObject({ status: 409 });
    const second = await processDueCharges(at("2024-06-10T12:01:00Z"));
    expect(second).toMatchObject({ reconciled: 1, succeeded: 1, attempted: 0 });
    expect(await prisma.charge.findUniqueOrThrow({ where: { id: charge.id } })).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
    expect(await prisma.sandboxCharge.count()).toBe(1);
    expect(await prisma.ledgerTransfer.count({ where: { type: "CHARGE" } })).toBe(1);
    expect((await processDueCharges(at("2024-06-10T12:02:00Z"))).reconciled).toBe(0);
  });
});

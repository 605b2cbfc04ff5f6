// R7 dispute money on a real PostgreSQL: held at filing, then refunded and
// reversed in proportion (accept), refunded exactly for the segments failing
// Hourly Protection (admin review), or released (withdrawn).
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { balanceOf, expectLedgerInvariants, fixtureId, makeFixedContract, makeFixedSegments, makeFixedUser, slotsFrom } from "../../tests/support/ledger";
import { makeUser } from "../../tests/support/factories";
import type { CurrentUser } from "../auth/current-user";
import { closeWeek } from "../ledger/close-week";
import { matureDueEarnings } from "../ledger/mature-earnings";
import { setNoticeSink } from "../realtime/notify";
import { fileDispute } from "./file-dispute";
import { escalateOverdueDisputes, resolveDispute, respondToDispute, withdrawDispute } from "./resolve-dispute";
import { getDispute } from "./get-dispute";

const { prisma } = await setupTestDatabase();
beforeAll(() => setNoticeSink(() => undefined));
afterEach(() => expectLedgerInvariants(prisma));

const WEEK = new Date("2024-06-03T00:00:00Z");
const CLOSE = new Date("2024-06-10T12:00:00Z");
const FILED = new Date("2024-06-11T10:00:00Z");
let admin: CurrentUser;
let weekClosed = false;

interface Setup {
  client: CurrentUser;
  freelancer: CurrentUser;
  contractId: string;
  good: string[];
  idle: string[];
  code: (state: string) => string;
}

let n = 0;
/**
 * A contract week of 9 billed segments at $60/h = $90.00 (client fee $2.70, service fee $9.00,
 * earned $81.00): 6 protected, 2 with no activity, 1 manual.
 */
async function setup(): Promise<Setup> {
  const name = `d${n++}`;
  const client = await makeFixedUser(prisma, `${name}-client`, "CLIENT", { verified: true });
  const freelancer = await makeFixedUser(prisma, `${name}-freelancer`, "FREELANCER");
  const contractId = await makeFixedContract(prisma, { name, clientId: client.id, freelancerId: freelancer.id, rateCents: 6000, limitHours: 40 });
  const good = await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-04T09:00:00Z"), 6));
  const idle = await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-05T09:00:00Z"), 2), { activityLevel: 0 });
  await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-06T09:00:00Z"), 1), { manual: true });
  return { client, freelancer, contractId, good, idle, code: (state) => (state === "charges" ? `client:${client.id}:charges` : `freelancer:${freelancer.id}:${state}`) };
}

/** All the setups of a test are made before the one close of the week. */
async function closed(count: number): Promise<Setup[]> {
  if (weekClosed) throw new Error("close once per file: make every setup first");
  const setups: Setup[] = [];
  for (let i = 0; i < count; i++) setups.push(await setup());
  return setups;
}

let all: Setup[] = [];
beforeAll(async () => {
  admin = await makeUser(prisma, "ADMIN");
  all = await closed(8);
  await closeWeek({ weekStart: WEEK, now: CLOSE });
  weekClosed = true;
});

const bal = async (s: Setup, state: string) => Number(await balanceOf(prisma, s.code(state)));
const file = (s: Setup, segmentIds: string[], at = FILED) => fileDispute(s.client, { contractId: s.contractId, weekStart: WEEK, segmentIds, reason: "Not what we agreed" }, at);

describe("filing a dispute (R7.1, R7.4)", () => {
  it("holds the freelancer's net share of the disputed segments at once", async () => {
    const s = all[0]!;
    expect(await bal(s, "in_review")).toBe(8100);
    // 4 of 9 billed segments: refund $40.00 of $90.00; service fee share $4.00; the freelancer's net share $36.00
    const d = await file(s, [...s.good.slice(0, 2), ...s.idle]);
    expect(d).toMatchObject({ status: "OPEN", heldCents: 4000, refundedCents: 0, respondBy: "2024-06-14T10:00:00.000Z", referenceId: expect.stringMatching(/^HG-DSP-2024W24-/) });
    expect(d.segments.map((x) => x.protected)).toEqual([true, true, false, false]);
    expect(await bal(s, "in_review")).toBe(4500);
    expect(await bal(s, "held")).toBe(3600);
  });

  it("refuses: another client's contract (404), segments not billed in that week, a segment another dispute holds (422)", async () => {
    const s = all[1]!;
    const stranger = await makeUser(prisma, "CLIENT");
    await expect(fileDispute(stranger, { contractId: s.contractId, weekStart: WEEK, segmentIds: s.good, reason: "x" }, FILED)).rejects.toMatchObject({ status: 404 });
    await expect(file(s, [...s.good, all[2]!.good[0]!])).rejects.toMatchObject({ status: 422, details: { fields: { segmentIds: expect.any(String) } } });
    await expect(fileDispute(s.client, { contractId: s.contractId, weekStart: new Date("2024-05-27T00:00:00Z"), segmentIds: s.good, reason: "x" }, FILED)).rejects.toMatchObject({ status: 422, details: { fields: { weekStart: expect.any(String) } } });
    await file(s, s.good.slice(0, 1));
    await expect(file(s, s.good.slice(0, 2))).rejects.toMatchObject({ status: 422, details: { fields: { segmentIds: expect.stringContaining("already in a dispute") } } });
  });
});

describe("resolving a dispute (R7.3, R7.4)", () => {
  it("accepted by the freelancer: the client gets the disputed amount and its client fee back, the fees are reversed in proportion", async () => {
    const s = all[2]!;
    const d = await file(s, [...s.good.slice(0, 2), ...s.idle]);
    const stranger = await makeUser(prisma, "FREELANCER");
    await expect(respondToDispute(stranger, d.id, "accept", FILED)).rejects.toMatchObject({ status: 404 });
    const charged = await bal(s, "charges");
    const fees = Number(await balanceOf(prisma, "platform:fees"));
    const accepted = await respondToDispute(s.freelancer, d.id, "accept", new Date("2024-06-12T10:00:00Z"));
    expect(accepted).toMatchObject({ status: "ACCEPTED", refundedCents: 4000 });
    expect(accepted.segments.every((x) => x.refunded)).toBe(true);
    expect(await bal(s, "held")).toBe(0);
    expect(await bal(s, "charges")).toBe(charged + 4000 + 120); // refund + 3% client fee share
    expect(Number(await balanceOf(prisma, "platform:fees"))).toBe(fees - 120 - 400); // client fee share + service fee share
    // the rest matures as usual
    await matureDueEarnings(new Date("2024-06-19T00:00:00Z"), { userId: s.freelancer.id });
    expect(await bal(s, "available")).toBe(4500);
    await expect(respondToDispute(s.freelancer, d.id, "decline", new Date("2024-06-12T11:00:00Z"))).rejects.toMatchObject({ status: 409 });
  });

  it("declined, then admin review: refunds exactly the disputed segments that fail Hourly Protection and releases the rest", async () => {
    const s = all[3]!;
    // 2 protected + 2 without activity + the manual one
    const manual = fixtureId(`segment:${s.contractId}:2024-06-06T09:00:00.000Z`);
    const d = await file(s, [...s.good.slice(0, 2), ...s.idle, manual]);
    // 5 of 9: refund $50.00, service fee share $5.00, net share held $45.00
    expect(await bal(s, "held")).toBe(4500);
    await expect(resolveDispute(admin, d.id, FILED)).rejects.toMatchObject({ status: 409 });
    await respondToDispute(s.freelancer, d.id, "decline", new Date("2024-06-12T10:00:00Z"));
    await expect(resolveDispute(s.client, d.id, FILED)).rejects.toMatchObject({ status: 403 });
    const charged = await bal(s, "charges");
    // reviewed while the week is still in review: the released part goes back to in review
    const resolved = await resolveDispute(admin, d.id, new Date("2024-06-13T10:00:00Z"));
    expect(resolved).toMatchObject({ status: "RESOLVED", refundedCents: 3000 });
    expect(resolved.segments.filter((x) => x.refunded).map((x) => x.segmentId).sort()).toEqual([...s.idle, manual].sort());
    // 3 of 9 refunded: $30.00 + $0.90 client fee back; the freelancer gives back $27.00 of the $45.00 held
    expect(await bal(s, "charges")).toBe(charged + 3090);
    expect(await bal(s, "held")).toBe(0);
    expect(await bal(s, "in_review")).toBe(8100 - 4500 + 1800);
    await expect(resolveDispute(admin, d.id, new Date("2024-06-13T11:00:00Z"))).rejects.toMatchObject({ status: 409 });
  });

  it("withdrawn by the client: nothing refunded, the held money released to where the earning stands by then", async () => {
    const s = all[4]!;
    const d = await file(s, s.good.slice(0, 3));
    const held = await bal(s, "held");
    expect(held).toBe(2700);
    // the review window has ended, the earning is pending: the money joins it (and matures with it)
    await matureDueEarnings(new Date("2024-06-15T00:00:00Z"), { userId: s.freelancer.id });
    expect(await bal(s, "pending")).toBe(8100 - 2700);
    const stranger = await makeUser(prisma, "CLIENT");
    await expect(withdrawDispute(stranger, d.id, new Date("2024-06-16T10:00:00Z"))).rejects.toMatchObject({ status: 404 });
    expect(await withdrawDispute(s.client, d.id, new Date("2024-06-16T10:00:00Z"))).toMatchObject({ status: "WITHDRAWN", refundedCents: 0 });
    expect(await bal(s, "held")).toBe(0);
    expect(await bal(s, "pending")).toBe(8100);
    await matureDueEarnings(new Date("2024-06-19T00:00:00Z"), { userId: s.freelancer.id });
    expect(await bal(s, "available")).toBe(8100);
  });

  it("a dispute settled after the earning became available releases straight to available", async () => {
    const s = all[5]!;
    const d = await file(s, s.good.slice(0, 1));
    await respondToDispute(s.freelancer, d.id, "decline", FILED);
    await matureDueEarnings(new Date("2024-06-19T00:00:00Z"), { userId: s.freelancer.id });
    expect(await bal(s, "available")).toBe(8100 - 900);
    await resolveDispute(admin, d.id, new Date("2024-06-20T10:00:00Z"));
    expect(await bal(s, "available")).toBe(8100);
  });

  it("no answer within 3 days: the deadline job sends it to admin review, and a late answer is refused", async () => {
    const s = all[6]!;
    const d = await file(s, s.good.slice(0, 1));
    await escalateOverdueDisputes(new Date("2024-06-14T09:59:59Z"));
    expect((await getDispute(s.client, d.id, FILED))?.status).toBe("OPEN");
    await expect(respondToDispute(s.freelancer, d.id, "accept", new Date("2024-06-14T10:00:00Z"))).rejects.toMatchObject({ status: 409 });
    expect(await escalateOverdueDisputes(new Date("2024-06-14T10:00:00Z"))).toBeGreaterThanOrEqual(1);
    expect((await getDispute(s.client, d.id, FILED))?.status).toBe("ESCALATED");
    expect(await getDispute(await makeUser(prisma, "CLIENT"), d.id, FILED)).toBeNull();
  });

  it("two resolutions racing settle the dispute once", async () => {
    const s = all[7]!;
    const d = await file(s, [...s.good.slice(0, 2), ...s.idle]);
    const results = await Promise.allSettled([
      withdrawDispute(s.client, d.id, new Date("2024-06-12T10:00:00Z")),
      respondToDispute(s.freelancer, d.id, "accept", new Date("2024-06-12T10:00:00Z")),
      withdrawDispute(s.client, d.id, new Date("2024-06-12T10:00:00Z")),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await bal(s, "held")).toBe(0);
    const refunds = await prisma.ledgerTransfer.count({ where: { disputeId: d.id, type: { in: ["REFUND", "RELEASE"] } } });
    expect(refunds).toBeGreaterThanOrEqual(1);
    expect(refunds).toBeLessThanOrEqual(2);
  });
});

// Home's numbers on a real PostgreSQL: this week's logged time per contract against its limit,
// last week's billed time in review for the client, the freelancer's money as Reports shows it,
// and what needs each person (offers, disputes to answer, unread messages, the admin's queue),
// each counted only over the caller's own contracts.
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeUser } from "../../tests/support/factories";
import { makeFixedContract, makeFixedSegments, slotsFrom } from "../../tests/support/ledger";
import { setNoticeSink } from "../realtime/notify";
import { closeWeek } from "../ledger/close-week";
import { fileDispute } from "../disputes/file-dispute";
import { respondToDispute } from "../disputes/resolve-dispute";
import { getOverview } from "../reports/overview";
import { loadHome } from "./load-home";

const { prisma } = await setupTestDatabase();
beforeAll(() => setNoticeSink(() => undefined));

const LAST_WEEK = new Date("2024-06-03T00:00:00Z");
const NOW = new Date("2024-06-12T15:05:00Z"); // Wednesday: last week is in review until Fri 14 Jun 23:59:59
const ana = await makeUser(prisma, "CLIENT", { name: "Ana" });
const bea = await makeUser(prisma, "CLIENT", { name: "Bea" }); // another client, on fay's other contract
const fay = await makeUser(prisma, "FREELANCER", { name: "Fay" });
const gus = await makeUser(prisma, "FREELANCER", { name: "Gus" });
const admin = await makeUser(prisma, "ADMIN");
const newcomer = await makeUser(prisma, "FREELANCER");

const contract = (name: string, clientId: string, freelancerId: string, limitHours?: number | null) => makeFixedContract(prisma, { name, clientId, freelancerId, rateCents: 6000, limitHours });
const design = await contract("design", ana.id, fay.id, 10);
const build = await contract("build", bea.id, fay.id, null);
const copy = await contract("copy", ana.id, gus.id, 5);
const disputedOne = await contract("disputed", ana.id, fay.id, 40);
const offer = await prisma.contract.create({ data: { title: "Offer to fay", clientId: ana.id, freelancerId: fay.id, createdById: ana.id, status: "OFFER", hourlyRateCents: 5000, startsAt: NOW } });

// last week: billed at the close; this week: in progress
await makeFixedSegments(prisma, design, slotsFrom(new Date("2024-06-04T09:00:00Z"), 3));
const disputedSegments = await makeFixedSegments(prisma, disputedOne, slotsFrom(new Date("2024-06-05T09:00:00Z"), 6));
await makeFixedSegments(prisma, build, slotsFrom(new Date("2024-06-06T09:00:00Z"), 2));
await closeWeek({ weekStart: LAST_WEEK, now: new Date("2024-06-10T12:00:00Z") });
await makeFixedSegments(prisma, design, slotsFrom(new Date("2024-06-10T08:00:00Z"), 9));
const [deleted] = await makeFixedSegments(prisma, design, slotsFrom(new Date("2024-06-11T08:00:00Z"), 1));
await prisma.segment.update({ where: { id: deleted! }, data: { deletedAt: NOW } });
await makeFixedSegments(prisma, build, slotsFrom(new Date("2024-06-12T08:00:00Z"), 4));

// a dispute fay still has to answer (R7.3: 3 days), one she declined (now an admin's)
const open = await fileDispute(ana, { contractId: disputedOne, weekStart: LAST_WEEK, segmentIds: disputedSegments.slice(0, 2), reason: "Not our project" }, NOW);
const other = await contract("escalated", bea.id, fay.id, 40);
const otherSegments = await makeFixedSegments(prisma, other, slotsFrom(new Date("2024-06-05T09:00:00Z"), 2));
await closeWeek({ weekStart: LAST_WEEK, now: new Date("2024-06-10T12:00:00Z") });
const declined = await fileDispute(bea, { contractId: other, weekStart: LAST_WEEK, segmentIds: otherSegments, reason: "Not ours" }, NOW);
await respondToDispute(fay, declined.id, "decline", NOW);

// messages: ana wrote fay twice, fay wrote ana once (read by nobody yet); bea wrote fay once, which fay has read
const talk = async (contractId: string, from: string, bodies: string[], at: Date) => {
  const c = await prisma.conversation.upsert({ where: { contractId }, create: { contractId }, update: {} });
  for (const [i, body] of bodies.entries()) await prisma.message.create({ data: { conversationId: c.id, senderId: from, body, createdAt: new Date(at.getTime() + i * 1000) } });
  return c.id;
};
await talk(design, ana.id, ["Hi", "Any news?"], new Date("2024-06-12T10:00:00Z"));
await talk(design, fay.id, ["Tomorrow"], new Date("2024-06-12T11:00:00Z"));
const withBea = await talk(build, bea.id, ["Thanks"], new Date("2024-06-12T09:00:00Z"));
await prisma.conversationRead.create({ data: { conversationId: withBea, userId: fay.id, lastReadAt: new Date("2024-06-12T09:30:00Z") } });

describe("home (loadHome)", () => {
  it("the client: this week's logged time per active contract against its limit, last week's billed time in review, their open disputes", async () => {
    const home = await loadHome(ana, NOW);
    expect(home.weekStart).toBe("2024-06-10T00:00:00.000Z");
    // the disputed contract is paused (R7.2) and still listed; the offer is not a contract in progress
    expect(home.week).toEqual([
      { contractId: copy, title: "Contract copy", status: "ACTIVE", withName: "Gus", loggedMinutes: 0, limitMinutes: 300 },
      { contractId: design, title: "Contract design", status: "ACTIVE", withName: "Fay", loggedMinutes: 90, limitMinutes: 600 },
      { contractId: disputedOne, title: "Contract disputed", status: "PAUSED", withName: "Fay", loggedMinutes: 0, limitMinutes: 2400 },
    ]);
    expect(home.inReview).toEqual([
      { contractId: design, title: "Contract design", withName: "Fay", weekStart: "2024-06-03T00:00:00.000Z", billedMinutes: 30, reviewEndsAt: "2024-06-14T23:59:59.000Z" },
      { contractId: disputedOne, title: "Contract disputed", withName: "Fay", weekStart: "2024-06-03T00:00:00.000Z", billedMinutes: 60, reviewEndsAt: "2024-06-14T23:59:59.000Z" },
    ]);
    expect(home.openDisputes.map((d) => d.id)).toEqual([open.id]);
    expect(home.money).toBeNull();
    expect(home.needs).toEqual({ offers: 0, disputes: 0, unreadMessages: 1, disputeQueue: 0 });
    expect(home.hasContracts).toBe(true);
  });

  it("the freelancer: this week against each limit, the money Reports shows, and what to answer", async () => {
    const home = await loadHome(fay, NOW);
    expect(home.week.map((w) => [w.title, w.withName, w.loggedMinutes, w.limitMinutes])).toEqual([
      ["Contract build", "Bea", 40, null],
      ["Contract design", "Ana", 90, 600],
      ["Contract disputed", "Ana", 0, 2400],
      ["Contract escalated", "Bea", 0, 2400],
    ]);
    const overview = (await getOverview(fay, NOW))!;
    expect(home.money).toEqual({ inReviewCents: overview.inReviewCents, pendingCents: overview.pendingCents, availableCents: overview.availableCents });
    expect(Number(home.money!.inReviewCents)).toBeGreaterThan(0);
    // only the dispute within its 3 days is hers to answer; the declined one waits for an admin
    expect(home.openDisputes.map((d) => d.id)).toEqual([open.id]);
    expect(home.needs).toEqual({ offers: 1, disputes: 1, unreadMessages: 2, disputeQueue: 0 });
    expect(home.inReview).toEqual([]);
  });

  it("counts nothing of anyone else's", async () => {
    const home = await loadHome(bea, NOW);
    expect(home.week.map((w) => w.contractId)).toEqual([build, other]);
    expect(home.inReview.map((r) => r.contractId)).toEqual([build, other]);
    expect(home.openDisputes.map((d) => d.id)).toEqual([declined.id]);
    expect(home.needs.unreadMessages).toBe(0);
    const gusHome = await loadHome(gus, NOW);
    expect(gusHome.needs).toEqual({ offers: 0, disputes: 0, unreadMessages: 0, disputeQueue: 0 });
    expect(gusHome.week.map((w) => w.contractId)).toEqual([copy]);
    expect(offer.status).toBe("OFFER");
  });

  it("the admin: the queue of disputes awaiting review; and an empty home says there is no contract yet", async () => {
    expect((await loadHome(admin, NOW)).needs.disputeQueue).toBe(1);
    // a dispute left unanswered past its deadline joins the queue too (R7.3)
    expect((await loadHome(admin, new Date(Date.parse(open.respondBy) + 1000))).needs.disputeQueue).toBe(2);
    const empty = await loadHome(newcomer, NOW);
    expect(empty).toMatchObject({ week: [], openDisputes: [], hasContracts: false, needs: { offers: 0, disputes: 0, unreadMessages: 0 } });
  });

  it("once the review window is over, nothing is left to review", async () => {
    expect((await loadHome(ana, new Date("2024-06-15T00:00:00Z"))).inReview).toEqual([]);
  });
});

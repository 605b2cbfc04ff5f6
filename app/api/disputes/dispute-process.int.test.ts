// R7 the dispute process end to end on a real PostgreSQL, through the routes as Next calls them:
// every transition (file -> open, accept, decline -> escalated, deadline -> escalated by the
// job, admin review, withdrawal) with the contract's pause (R7.2, R9.4), the live notice to the
// other side, the money on both sides, and the audit entry of each admin action; and what each
// role may not do (401 signed out, 403 wrong role, 404 someone else's, 422 naming fields).
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { routeContext as ctx, routeRequest as request, noParams } from "@/tests/support/route-harness";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { Notice } from "@/lib/realtime/notify";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
const clock = vi.hoisted(() => ({ now: new Date("2024-06-11T10:00:00Z") }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));
vi.mock("@/lib/clock", () => ({ now: () => clock.now, appMode: () => "test" }));

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser } = await import("@/tests/support/factories");
const { balanceOf, expectLedgerInvariants, makeFixedContract, makeFixedSegments, makeFixedUser, slotsFrom } = await import("@/tests/support/ledger");
const { setNoticeSink } = await import("@/lib/realtime/notify");
const { closeWeek } = await import("@/lib/ledger/close-week");
const { runDueJobs } = await import("@/lib/jobs/scheduler");
const { JOBS } = await import("@/lib/jobs/definitions");
const { addManualTime } = await import("@/lib/diary/add-manual-time");
const { changeStatus } = await import("@/lib/contracts/change-status");
const { changeTerms } = await import("@/lib/contracts/change-terms");
const { updateUser } = await import("@/lib/admin/update-user");
const { prisma } = await setupTestDatabase();

const disputesRoute = await import("@/app/api/disputes/route");
const disputeRoute = await import("@/app/api/disputes/[id]/route");
const respondRoute = await import("@/app/api/disputes/[id]/respond/route");
const withdrawRoute = await import("@/app/api/disputes/[id]/withdraw/route");
const resolveRoute = await import("@/app/api/disputes/[id]/resolve/route");
const contractRoute = await import("@/app/api/contracts/[id]/route");
const contractActionRoute = await import("@/app/api/contracts/[id]/[action]/route");

const WEEK = new Date("2024-06-03T00:00:00Z");
const FILED = new Date("2024-06-11T10:00:00Z");

const as = (user: CurrentUser | null) => (session.user = user);
const at = (iso: string) => (clock.now = new Date(iso));
const body = async <T,>(res: Response) => (await res.json()) as T;
const fields = async (res: Response) => Object.keys((await body<{ error: { fields?: object } }>(res)).error.fields ?? {}).sort();

interface Dispute {
  id: string;
  status: string;
  referenceId: string;
  heldCents: number;
  refundedCents: number;
  segments: Array<{ segmentId: string; protected: boolean; failures: string[]; refunded: boolean }>;
  money: Array<{ type: string; party: string; account: string; amountCents: number; referenceId: string }>;
  can: { respond: boolean; withdraw: boolean; resolve: boolean };
}

interface Setup {
  name: string;
  client: CurrentUser;
  freelancer: CurrentUser;
  contractId: string;
  good: string[];
  idle: string[];
}

let n = 0;
/** 6 protected segments and 2 without activity at $60/h: $80.00 invoiced (client fee $2.40, service fee $8.00). */
async function setup(opts: { weeklyPaymentCents?: number; manual?: boolean } = {}): Promise<Setup> {
  const name = `p${n++}`;
  const client = await makeFixedUser(prisma, `${name}-client`, "CLIENT", { verified: true });
  const freelancer = await makeFixedUser(prisma, `${name}-freelancer`, "FREELANCER");
  const contractId = await makeFixedContract(prisma, { name, clientId: client.id, freelancerId: freelancer.id, rateCents: 6000, limitHours: 40, weeklyPaymentCents: opts.weeklyPaymentCents });
  if (opts.manual) await prisma.contract.update({ where: { id: contractId }, data: { manualTimeAllowed: true } });
  const good = await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-04T09:00:00Z"), 6));
  const idle = await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-05T09:00:00Z"), 2), { activityLevel: 0 });
  return { name, client, freelancer, contractId, good, idle };
}

let admin: CurrentUser;
let outsiderClient: CurrentUser;
let outsiderFreelancer: CurrentUser;
const S: Record<string, Setup> = {};
const notices: Notice[] = [];

beforeAll(async () => {
  setNoticeSink((notice) => notices.push(notice));
  admin = await makeUser(prisma, "ADMIN");
  outsiderClient = await makeUser(prisma, "CLIENT");
  outsiderFreelancer = await makeUser(prisma, "FREELANCER");
  // Every setup before the one close of the week (the close books every contract in the database).
  S.accept = await setup({ manual: true });
  S.decline = await setup();
  S.deadline = await setup();
  S.withdraw = await setup({ weeklyPaymentCents: 50_000 });
  S.control = await setup({ weeklyPaymentCents: 50_000 });
  S.prepaused = await setup();
  S.roles = await setup();
  S.ended = await setup();
  S.endDuring = await setup();
  await closeWeek({ weekStart: WEEK, now: new Date("2024-06-10T12:00:00Z") });
});
beforeEach(() => {
  notices.length = 0;
  at(FILED.toISOString());
});
afterEach(() => expectLedgerInvariants(prisma));

async function file(s: Setup, segmentIds: string[]): Promise<Dispute> {
  as(s.client);
  const res = await disputesRoute.POST(request("/api/disputes", { method: "POST", json: { contractId: s.contractId, weekStart: "2024-06-03", segmentIds, reason: "These hours were not on our project." } }), noParams);
  expect(res.status).toBe(201);
  return (await body<{ dispute: Dispute }>(res)).dispute;
}
const get = async (user: CurrentUser, id: string) => {
  as(user);
  return disputeRoute.GET(request(`/api/disputes/${id}`), ctx({ id }));
};
const respond = async (user: CurrentUser, id: string, answer: unknown) => {
  as(user);
  return respondRoute.POST(request(`/api/disputes/${id}/respond`, { method: "POST", json: { answer } }), ctx({ id }));
};
const withdraw = async (user: CurrentUser, id: string) => {
  as(user);
  return withdrawRoute.POST(request(`/api/disputes/${id}/withdraw`, { method: "POST" }), ctx({ id }));
};
const resolve = async (user: CurrentUser | null, id: string) => {
  as(user);
  return resolveRoute.POST(request(`/api/disputes/${id}/resolve`, { method: "POST" }), ctx({ id }));
};
const contractState = async (id: string) => {
  const c = await prisma.contract.findUniqueOrThrow({ where: { id }, include: { pauses: { where: { endedAt: null } } } });
  return { status: c.status, openPauses: c.pauses.map((p) => (p.disputeId ? "dispute" : "client")).sort() };
};
/** Who was told that this dispute changed. */
const told = (disputeId: string) => [...new Set(notices.filter((x) => x.event === "dispute-updated" && x.data?.disputeId === disputeId).map((x) => x.userId))].sort();
const bal = (code: string) => balanceOf(prisma, code).then(Number);
const auditOf = (entityId: string, action: string) => prisma.auditLog.findMany({ where: { entityId, action }, orderBy: { id: "asc" } });

describe("file -> open (R7.1, R7.2, R7.4)", () => {
  it("holds the money, pauses the contract (no manual time while it is open), audits the pause and tells the freelancer and the admins", async () => {
    const s = S.accept!;
    const d = await file(s, [...s.good.slice(0, 2), ...s.idle]);
    expect(d).toMatchObject({ status: "OPEN", heldCents: 4000, can: { respond: false, withdraw: true, resolve: false } });
    expect(d.segments.map((x) => x.failures)).toEqual([[], [], ["NO_ACTIVITY"], ["NO_ACTIVITY"]]);
    expect(await contractState(s.contractId)).toEqual({ status: "PAUSED", openPauses: ["dispute"] });
    expect(told(d.id)).toEqual([s.client.id, s.freelancer.id, admin.id].sort());
    const [audit] = await auditOf(s.contractId, "contract.paused_by_dispute");
    expect(audit).toMatchObject({ actorId: s.client.id, before: { status: "ACTIVE" }, after: { status: "PAUSED", dispute: d.referenceId } });

    // R7.2 no manual time while the dispute is open
    await expect(addManualTime(s.freelancer, s.contractId, { slotStarts: ["2024-06-11T08:00:00.000Z"], memo: "Call" }, FILED)).rejects.toMatchObject({ status: 422 });
    // R7.2 the client cannot resume it around the dispute; the freelancer sees it with its verdicts
    as(s.client);
    expect((await contractActionRoute.POST(request(`/api/contracts/${s.contractId}/resume`, { method: "POST" }), ctx({ id: s.contractId, action: "resume" }))).status).toBe(409);
    const seen = await body<{ dispute: Dispute }>(await get(s.freelancer, d.id));
    expect(seen.dispute.can).toEqual({ respond: true, withdraw: false, resolve: false });
    expect(seen.dispute.money.map((m) => [m.type, m.account, m.amountCents])).toEqual(expect.arrayContaining([["HOLD", "in_review", -3600], ["HOLD", "held", 3600]]));
    expect(seen.dispute.money).toHaveLength(2);
  });

  it("accept: all disputed time refunded to the client, the contract resumes and takes time again; the client is told", async () => {
    const s = S.accept!;
    const d = (await prisma.dispute.findFirstOrThrow({ where: { contractId: s.contractId } })).id;
    const charged = await bal(`client:${s.client.id}:charges`);
    at("2024-06-12T09:00:00Z");
    const res = await respond(s.freelancer, d, "accept");
    expect(res.status).toBe(200);
    const accepted = (await body<{ dispute: Dispute }>(res)).dispute;
    expect(accepted).toMatchObject({ status: "ACCEPTED", refundedCents: 4000 });
    expect(told(d)).toContain(s.client.id);
    // both sides' money: the client gets $40.00 + $1.20 client fee back; the freelancer gives back the $36.00 net share held
    expect(await bal(`client:${s.client.id}:charges`)).toBe(charged + 4120);
    expect(await bal(`freelancer:${s.freelancer.id}:held`)).toBe(0);
    const client = (await body<{ dispute: Dispute }>(await get(s.client, d))).dispute;
    expect(client.money.filter((m) => m.type === "REFUND")).toEqual([expect.objectContaining({ party: "client", account: "charges", amountCents: 4120 })]);
    const freelancer = (await body<{ dispute: Dispute }>(await get(s.freelancer, d))).dispute;
    expect(freelancer.money.filter((m) => m.type === "REFUND")).toEqual([expect.objectContaining({ party: "freelancer", account: "held", amountCents: -3600 })]);
    expect(freelancer.money.some((m) => m.party === "client")).toBe(false);

    expect(await contractState(s.contractId)).toEqual({ status: "ACTIVE", openPauses: [] });
    expect(await auditOf(s.contractId, "contract.resumed_after_dispute")).toEqual([expect.objectContaining({ actorId: s.freelancer.id, after: expect.objectContaining({ status: "ACTIVE" }) })]);
    await expect(addManualTime(s.freelancer, s.contractId, { slotStarts: ["2024-06-12T08:00:00.000Z"], memo: "Call" }, clock.now)).resolves.toBeDefined();
    expect((await respond(s.freelancer, d, "decline")).status).toBe(409);
  });
});

describe("decline -> escalated -> admin review (R7.3)", () => {
  it("a decline sends it to the queue at once, still paused; only an admin resolves it, refunding exactly the failing segments, audited", async () => {
    const s = S.decline!;
    const d = await file(s, [...s.good.slice(0, 2), ...s.idle]);
    notices.length = 0;
    at("2024-06-12T09:00:00Z");
    const declined = (await body<{ dispute: Dispute }>(await respond(s.freelancer, d.id, "decline"))).dispute;
    expect(declined.status).toBe("ESCALATED");
    expect(told(d.id)).toEqual([s.client.id, s.freelancer.id, admin.id].sort());
    expect(await contractState(s.contractId)).toEqual({ status: "PAUSED", openPauses: ["dispute"] });
    as(admin);
    const queue = await body<{ disputes: Array<{ id: string }> }>(await disputesRoute.GET(request("/api/disputes?filter=queue"), noParams));
    expect(queue.disputes.map((x) => x.id)).toContain(d.id);

    // a client can't resolve (403), not even their own dispute; neither can the freelancer
    expect((await resolve(s.client, d.id)).status).toBe(403);
    expect((await resolve(s.freelancer, d.id)).status).toBe(403);
    const admins = (await body<{ dispute: Dispute }>(await get(admin, d.id))).dispute;
    expect(admins.can.resolve).toBe(true);
    expect(admins.segments.filter((x) => x.failures.length > 0).map((x) => x.segmentId).sort()).toEqual([...s.idle].sort());

    const charged = await bal(`client:${s.client.id}:charges`);
    notices.length = 0;
    at("2024-06-13T10:00:00Z");
    const res = await resolve(admin, d.id);
    expect(res.status).toBe(200);
    const resolved = (await body<{ dispute: Dispute }>(res)).dispute;
    // 2 of 8 segments fail Hourly Protection: $20.00 back, plus $0.60 client fee
    expect(resolved).toMatchObject({ status: "RESOLVED", refundedCents: 2000 });
    expect(resolved.segments.filter((x) => x.refunded).map((x) => x.segmentId).sort()).toEqual([...s.idle].sort());
    expect(await bal(`client:${s.client.id}:charges`)).toBe(charged + 2060);
    // the freelancer: $36.00 held, $18.00 refunded (net of service fee), $18.00 back in review
    expect(await bal(`freelancer:${s.freelancer.id}:held`)).toBe(0);
    expect(await bal(`freelancer:${s.freelancer.id}:in_review`)).toBe(7200 - 3600 + 1800);
    expect(told(d.id)).toEqual([s.client.id, s.freelancer.id, admin.id].sort());
    expect(await contractState(s.contractId)).toEqual({ status: "ACTIVE", openPauses: [] });

    const [audit] = await auditOf(d.id, "dispute.resolved");
    expect(audit).toMatchObject({
      actorId: admin.id, entityType: "dispute", createdAt: new Date("2024-06-13T10:00:00Z"),
      before: { status: "ESCALATED", reference: d.referenceId, refundedCents: 0 }, after: { status: "RESOLVED", refundedCents: 2000, refundedSegments: 2, disputedSegments: 4 },
    });
    expect(await auditOf(s.contractId, "contract.resumed_after_dispute")).toEqual([expect.objectContaining({ actorId: admin.id })]);
    expect((await resolve(admin, d.id)).status).toBe(409);
  });
});

describe("deadline -> escalated (R7.3)", () => {
  it("the deadline job runs at the deadline itself and escalates it; a late answer is refused; an admin then resolves", async () => {
    const s = S.deadline!;
    const d = await file(s, s.idle);
    const job = JOBS.find((j) => j.name === "dispute-deadlines")!;
    // the job is scheduled at the earliest open deadline when that comes sooner than its minute
    expect(await job.nextRunAfter(new Date("2024-06-14T09:59:30Z"))).toEqual(new Date("2024-06-14T10:00:00Z"));
    await runDueJobs(new Date("2024-06-14T09:59:59Z"), [job]);
    expect((await prisma.dispute.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("OPEN");
    // Choice: past its deadline it is in the admins' queue at once, even before the job has run
    at("2024-06-14T10:00:00Z");
    as(admin);
    const queue = await body<{ disputes: Array<{ id: string; status: string; awaitingAdminReview: boolean }> }>(await disputesRoute.GET(request("/api/disputes?filter=queue"), noParams));
    expect(queue.disputes.find((x) => x.id === d.id)).toMatchObject({ status: "OPEN", awaitingAdminReview: true });
    expect((await body<{ dispute: Dispute }>(await get(admin, d.id))).dispute.can.resolve).toBe(true);
    await prisma.scheduledJob.update({ where: { name: job.name }, data: { nextRunAt: new Date("2024-06-14T10:00:00Z") } });
    notices.length = 0;
    const runs = await runDueJobs(new Date("2024-06-14T10:00:00Z"), [job]);
    expect(runs).toEqual([expect.objectContaining({ ok: true, summary: expect.stringMatching(/^[1-9]\d* escalated$/) })]);
    expect((await prisma.dispute.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("ESCALATED");
    expect(told(d.id)).toEqual([s.client.id, s.freelancer.id, admin.id].sort());
    expect(await contractState(s.contractId)).toEqual({ status: "PAUSED", openPauses: ["dispute"] });

    at("2024-06-14T10:00:00Z");
    expect((await respond(s.freelancer, d.id, "accept")).status).toBe(409);
    at("2024-06-14T11:00:00Z");
    const resolved = (await body<{ dispute: Dispute }>(await resolve(admin, d.id))).dispute;
    expect(resolved).toMatchObject({ status: "RESOLVED", refundedCents: 2000 });
  });
});

describe("client withdraws (R7.4, R9.4)", () => {
  it("nothing refunded, the held money released, the contract resumed; the week it was paused pays no weekly payment", async () => {
    const s = S.withdraw!;
    const inReview = await bal(`freelancer:${s.freelancer.id}:in_review`);
    const d = await file(s, s.good.slice(0, 3));
    expect((await withdraw(s.freelancer, d.id)).status).toBe(403);
    expect((await withdraw(outsiderClient, d.id)).status).toBe(404);
    notices.length = 0;
    at("2024-06-12T10:00:00Z");
    const res = await withdraw(s.client, d.id);
    expect(res.status).toBe(200);
    expect((await body<{ dispute: Dispute }>(res)).dispute).toMatchObject({ status: "WITHDRAWN", refundedCents: 0 });
    expect(told(d.id)).toContain(s.freelancer.id);
    expect(await bal(`freelancer:${s.freelancer.id}:in_review`)).toBe(inReview);
    expect(await bal(`freelancer:${s.freelancer.id}:held`)).toBe(0);
    expect(await contractState(s.contractId)).toEqual({ status: "ACTIVE", openPauses: [] });
    expect((await withdraw(s.client, d.id)).status).toBe(409);

    // R9.4 the week of 10 June had the dispute's pause: no weekly payment; a contract without one is paid
    await closeWeek({ weekStart: new Date("2024-06-10T00:00:00Z"), now: new Date("2024-06-17T12:00:00Z") });
    const weekly = async (contractId: string) => prisma.ledgerTransfer.count({ where: { contractId, type: "WEEKLY_PAYMENT", createdAt: { gte: new Date("2024-06-17T00:00:00Z") } } });
    expect(await weekly(s.contractId)).toBe(0);
    expect(await weekly(S.control!.contractId)).toBe(1);
  });
});

describe("a pause of the client's own survives the dispute", () => {
  it("the dispute's pause ends, the client's stays: the contract stays paused until the client resumes it", async () => {
    const s = S.prepaused!;
    await changeStatus(s.client, s.contractId, "pause", new Date("2024-06-11T09:00:00Z"));
    const d = await file(s, s.good.slice(0, 1));
    expect(await contractState(s.contractId)).toEqual({ status: "PAUSED", openPauses: ["client", "dispute"] });
    // R7.2 resuming the client's pause during the dispute is refused: it would not unpause the contract
    await expect(changeStatus(s.client, s.contractId, "resume", FILED)).rejects.toMatchObject({ status: 409 });
    await withdraw(s.client, d.id);
    expect(await contractState(s.contractId)).toEqual({ status: "PAUSED", openPauses: ["client"] });
    expect(await auditOf(s.contractId, "contract.dispute_pause_ended")).toHaveLength(1);
    await changeStatus(s.client, s.contractId, "resume", new Date("2024-06-12T10:00:00Z"));
    expect(await contractState(s.contractId)).toEqual({ status: "ACTIVE", openPauses: [] });
  });

  it("an ended contract is not paused by a dispute, and is not resumed by its end", async () => {
    const s = S.ended!;
    await changeStatus(s.client, s.contractId, "end", new Date("2024-06-11T09:00:00Z"));
    const d = await file(s, s.good.slice(0, 1));
    expect(await contractState(s.contractId)).toEqual({ status: "ENDED", openPauses: [] });
    await withdraw(s.client, d.id);
    expect(await contractState(s.contractId)).toEqual({ status: "ENDED", openPauses: [] });
  });
});

describe("ending a contract during its dispute", () => {
  it("ends it at once; the dispute goes on, and its end does not bring the contract back", async () => {
    const s = S.endDuring!;
    const d = await file(s, s.idle);
    await changeStatus(s.client, s.contractId, "end", new Date("2024-06-11T11:00:00Z"));
    expect(await contractState(s.contractId)).toEqual({ status: "ENDED", openPauses: ["dispute"] });
    at("2024-06-12T09:00:00Z");
    expect((await body<{ dispute: Dispute }>(await respond(s.freelancer, d.id, "accept"))).dispute.status).toBe("ACCEPTED");
    expect(await contractState(s.contractId)).toEqual({ status: "ENDED", openPauses: [] });
  });
});

describe("what each role may not do", () => {
  it("signed out: 401 on every dispute route", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    as(null);
    expect((await disputesRoute.GET(request("/api/disputes"), noParams)).status).toBe(401);
    expect((await disputesRoute.POST(request("/api/disputes", { method: "POST", json: {} }), noParams)).status).toBe(401);
    expect((await disputeRoute.GET(request(`/api/disputes/${id}`), ctx({ id }))).status).toBe(401);
    expect((await respondRoute.POST(request(`/api/disputes/${id}/respond`, { method: "POST", json: { answer: "accept" } }), ctx({ id }))).status).toBe(401);
    expect((await withdrawRoute.POST(request(`/api/disputes/${id}/withdraw`, { method: "POST" }), ctx({ id }))).status).toBe(401);
    expect((await resolve(null, id)).status).toBe(401);
  });

  it("an outsider gets 404 for another's dispute on every route of their role (403 for a route of another role, whether or not it exists); lists are scoped", async () => {
    const s = S.roles!;
    const d = await file(s, s.good.slice(0, 2));
    for (const outsider of [outsiderClient, outsiderFreelancer]) expect((await get(outsider, d.id)).status).toBe(404);
    expect((await respond(outsiderFreelancer, d.id, "accept")).status).toBe(404);
    expect((await withdraw(outsiderClient, d.id)).status).toBe(404);
    // roles: the client does not answer, the freelancer does not withdraw or file, nobody but an admin resolves
    expect((await respond(s.client, d.id, "accept")).status).toBe(403);
    expect((await withdraw(s.freelancer, d.id)).status).toBe(403);
    expect((await resolve(outsiderClient, d.id)).status).toBe(403);
    expect((await resolve(outsiderClient, "00000000-0000-4000-8000-000000000000")).status).toBe(403);
    as(s.freelancer);
    expect((await disputesRoute.POST(request("/api/disputes", { method: "POST", json: { contractId: s.contractId, weekStart: "2024-06-03", segmentIds: s.idle, reason: "I dispute my own time" } }), noParams)).status).toBe(403);
    // another client's contract: 404, as if it did not exist
    as(outsiderClient);
    expect((await disputesRoute.POST(request("/api/disputes", { method: "POST", json: { contractId: s.contractId, weekStart: "2024-06-03", segmentIds: s.idle, reason: "Not my contract at all" } }), noParams)).status).toBe(404);
    expect((await contractRoute.PATCH(request(`/api/contracts/${s.contractId}`, { method: "PATCH", json: { weeklyLimitHours: 1 } }), ctx({ id: s.contractId }))).status).toBe(404);
    expect((await contractActionRoute.POST(request(`/api/contracts/${s.contractId}/end`, { method: "POST" }), ctx({ id: s.contractId, action: "end" }))).status).toBe(404);
    const outsiderList = await body<{ disputes: unknown[] }>(await disputesRoute.GET(request(`/api/disputes?contractId=${s.contractId}`), noParams));
    expect(outsiderList.disputes).toEqual([]);
    expect((await disputesRoute.GET(request("/api/disputes?filter=queue"), noParams)).status).toBe(403);
    as(s.client);
    const own = await body<{ disputes: Array<{ id: string; contractTitle: string; segmentCount: number }> }>(await disputesRoute.GET(request("/api/disputes?filter=open"), noParams));
    expect(own.disputes).toEqual([expect.objectContaining({ id: d.id, segmentCount: 2 })]);
    // the freelancer can't change terms
    as(s.freelancer);
    expect((await contractRoute.PATCH(request(`/api/contracts/${s.contractId}`, { method: "PATCH", json: { weeklyLimitHours: 60 } }), ctx({ id: s.contractId }))).status).toBe(403);
    expect((await contractRoute.PATCH(request(`/api/contracts/${s.contractId}`, { method: "PATCH", json: { manualTimeAllowed: true } }), ctx({ id: s.contractId }))).status).toBe(403);
  });

  it("bad input is 422 naming each field", async () => {
    const s = S.roles!;
    as(s.client);
    const filed = await disputesRoute.POST(request("/api/disputes", { method: "POST", json: { contractId: "nope", weekStart: "2024-06-04", segmentIds: [], reason: "short" } }), noParams);
    expect(filed.status).toBe(422);
    expect(await fields(filed)).toEqual(["contractId", "reason", "segmentIds", "weekStart"]);
    const list = await disputesRoute.GET(request("/api/disputes?filter=everything&contractId=x"), noParams);
    expect(list.status).toBe(422);
    expect(await fields(list)).toEqual(["contractId", "filter"]);
    const d = await prisma.dispute.findFirstOrThrow({ where: { contractId: s.contractId } });
    const answer = await respond(s.freelancer, d.id, "maybe");
    expect(answer.status).toBe(422);
    expect(await fields(answer)).toEqual(["answer"]);
  });
});

describe("every admin action is in the audit log: who, when, before and after", () => {
  it("verify, suspend, contract terms, pause, resume, end and dispute resolution by an admin each write one entry", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const freelancer = await makeUser(prisma, "FREELANCER");
    const t = new Date("2024-06-12T08:00:00Z");
    await updateUser(admin, client.id, { paymentVerified: true, reason: "Wire transfer received" }, t);
    await updateUser(admin, freelancer.id, { suspended: true }, t);
    const users = await prisma.auditLog.findMany({ where: { actorId: admin.id, entityType: "user", entityId: { in: [client.id, freelancer.id] } }, orderBy: { id: "asc" } });
    expect(users).toEqual([
      expect.objectContaining({ entityId: client.id, action: "user.updated", createdAt: t, before: expect.objectContaining({ paymentVerified: false }), after: expect.objectContaining({ paymentVerified: true }) }),
      expect.objectContaining({ entityId: freelancer.id, action: "user.updated", createdAt: t, before: expect.objectContaining({ suspended: false }), after: expect.objectContaining({ suspended: true }) }),
    ]);

    const contractId = S.control!.contractId;
    await changeTerms(admin, contractId, { weeklyLimitHours: 45 }, t);
    await changeTerms(admin, contractId, { manualTimeAllowed: true }, t);
    await changeStatus(admin, contractId, "pause", t);
    await changeStatus(admin, contractId, "resume", t);
    await changeStatus(admin, contractId, "end", t);
    const contract = await prisma.auditLog.findMany({ where: { actorId: admin.id, entityType: "contract", entityId: contractId }, orderBy: { id: "asc" } });
    expect(contract.map((a) => a.action)).toEqual(["contract.weekly_limit_changed", expect.stringMatching(/^contract\.manual_time/), "contract.paused", "contract.resumed", "contract.ended"]);
    for (const a of contract) expect(a).toMatchObject({ createdAt: t, before: expect.any(Object), after: expect.any(Object) });
    expect(contract.at(-1)).toMatchObject({ before: { status: "ACTIVE" }, after: { status: "ENDED" } });

    // dispute resolution by an admin: asserted in "decline -> escalated -> admin review"; here the audit log lists it for admins
    expect(await prisma.auditLog.count({ where: { actorId: admin.id, action: "dispute.resolved" } })).toBeGreaterThanOrEqual(2);
  });
});

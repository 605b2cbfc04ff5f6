// Every money route, called as Next calls it, for the owner, another user of the
// same role (404: their objects do not exist for anyone else), the wrong role
// (403) and a signed-out visitor (401); bad input is 422 naming the field.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { routeContext as ctx, routeRequest as request, noParams } from "@/tests/support/route-harness";
import type { CurrentUser } from "@/lib/auth/current-user";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));
vi.mock("@/lib/clock", () => ({ now: () => new Date("2024-06-11T10:00:00Z"), appMode: () => "test" }));

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser, TEST_PASSWORD } = await import("@/tests/support/factories");
const { expectLedgerInvariants, fundAvailable, makeFixedContract, makeFixedSegments, slotsFrom } = await import("@/tests/support/ledger");
const { addVerifiedCard } = await import("@/tests/support/billing-methods");
const { setNoticeSink } = await import("@/lib/realtime/notify");
const { closeWeek } = await import("@/lib/ledger/close-week");
const { prisma } = await setupTestDatabase();

const balancesRoute = await import("@/app/api/ledger/balances/route");
const transactionsRoute = await import("@/app/api/ledger/transactions/route");
const transferRoute = await import("@/app/api/ledger/transfers/[referenceId]/route");
const withdrawalsRoute = await import("@/app/api/withdrawals/route");
const withdrawalRoute = await import("@/app/api/withdrawals/[id]/route");
const methodsRoute = await import("@/app/api/payout-methods/route");
const methodRoute = await import("@/app/api/payout-methods/[id]/route");
const scheduleRoute = await import("@/app/api/payout-schedule/route");
const bonusesRoute = await import("@/app/api/bonuses/route");
const disputesRoute = await import("@/app/api/disputes/route");
const disputeRoute = await import("@/app/api/disputes/[id]/route");
const respondRoute = await import("@/app/api/disputes/[id]/respond/route");
const withdrawDisputeRoute = await import("@/app/api/disputes/[id]/withdraw/route");
const resolveRoute = await import("@/app/api/disputes/[id]/resolve/route");

const as = (user: CurrentUser | null) => (session.user = user);
const NOW = new Date("2024-06-11T10:00:00Z");

const fiona = await makeUser(prisma, "FREELANCER");
const otto = await makeUser(prisma, "FREELANCER");
const clara = await makeUser(prisma, "CLIENT");
const olga = await makeUser(prisma, "CLIENT");
const admin = await makeUser(prisma, "ADMIN");
const fionaMethod = await fundAvailable(prisma, fiona.id, 50_000, NOW);
const ottoMethod = await fundAvailable(prisma, otto.id, 50_000, NOW);
const contractId = await makeFixedContract(prisma, { name: "routes", clientId: clara.id, freelancerId: fiona.id, rateCents: 6000, limitHours: 40 });
const segments = await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-04T09:00:00Z"), 6));
await closeWeek({ weekStart: new Date("2024-06-03T00:00:00Z"), now: new Date("2024-06-10T12:00:00Z") });

beforeAll(() => setNoticeSink(() => undefined));
afterEach(() => expectLedgerInvariants(prisma));

const fields = async (res: Response) => Object.keys(((await res.json()) as { error: { fields?: object } }).error.fields ?? {}).sort();

describe("withdrawals routes", () => {
  it("POST withdraws once per Idempotency-Key: 201, then 200 with the same withdrawal, 409 for another amount", async () => {
    as(fiona);
    const post = (amountCents: number) =>
      withdrawalsRoute.POST(request("/api/withdrawals", { method: "POST", json: { amountCents, methodId: fionaMethod, password: TEST_PASSWORD }, headers: { "idempotency-key": "route-key-0001" } }), noParams);
    const first = await post(10_000);
    expect(first.status).toBe(201);
    const body = (await first.json()) as { withdrawal: { id: string; amountCents: number; netCents: number } };
    expect(body.withdrawal).toMatchObject({ amountCents: 10_000, netCents: 10_000 });
    const again = await post(10_000);
    expect(again.status).toBe(200);
    expect(((await again.json()) as typeof body).withdrawal.id).toBe(body.withdrawal.id);
    expect((await post(9_000)).status).toBe(409);

    const mine = await withdrawalRoute.GET(request(`/api/withdrawals/${body.withdrawal.id}`), ctx({ id: body.withdrawal.id }));
    expect(mine.status).toBe(200);
    as(otto);
    expect((await withdrawalRoute.GET(request(`/api/withdrawals/${body.withdrawal.id}`), ctx({ id: body.withdrawal.id }))).status).toBe(404);
    expect((await withdrawalRoute.GET(request("/api/withdrawals/nope"), ctx({ id: "nope" }))).status).toBe(404);
    expect(((await (await withdrawalsRoute.GET(request("/api/withdrawals"), noParams)).json()) as { withdrawals: unknown[] }).withdrawals).toEqual([]);
  });

  it("POST is 422 naming each bad field, 404 for another freelancer's method, 403 for a client, 401 signed out, 403 cross-site", async () => {
    as(fiona);
    const bad = await withdrawalsRoute.POST(request("/api/withdrawals", { method: "POST", json: { amountCents: 12.5, methodId: "x" } }), noParams);
    expect(bad.status).toBe(422);
    expect(await fields(bad)).toEqual(["amountCents", "idempotencyKey", "methodId", "password"]);
    const over = await withdrawalsRoute.POST(request("/api/withdrawals", { method: "POST", json: { amountCents: 10_000_000, methodId: fionaMethod, idempotencyKey: "route-key-0002", password: TEST_PASSWORD } }), noParams);
    expect(over.status).toBe(422);
    expect(await fields(over)).toEqual(["amountCents"]);
    const theirs = await withdrawalsRoute.POST(request("/api/withdrawals", { method: "POST", json: { amountCents: 1000, methodId: ottoMethod, idempotencyKey: "route-key-0003", password: TEST_PASSWORD } }), noParams);
    expect(theirs.status).toBe(404);
    as(clara);
    expect((await withdrawalsRoute.POST(request("/api/withdrawals", { method: "POST", json: {} }), noParams)).status).toBe(403);
    as(null);
    expect((await withdrawalsRoute.GET(request("/api/withdrawals"), noParams)).status).toBe(401);
    as(fiona);
    const forged = await withdrawalsRoute.POST(request("/api/withdrawals", { method: "POST", json: {}, headers: { origin: "https://evil.example" } }), noParams);
    expect(forged.status).toBe(403);
  });
});

describe("payout methods and schedule routes", () => {
  it("add, make default and remove only one's own methods; the schedule validates its frequency", async () => {
    as(fiona);
    const added = await methodsRoute.POST(request("/api/payout-methods", { method: "POST", json: { kind: "WIRE", label: "Wire", accountHolder: "Fiona Freelancer", iban: "DE44 5001 0517 5407 3249 31", swift: "DEUTDEFF" } }), noParams);
    expect(added.status).toBe(201);
    const { method } = (await added.json()) as { method: { id: string; last4: string } };
    expect(method.last4).toBe("4931");
    expect(await fields(await methodsRoute.POST(request("/api/payout-methods", { method: "POST", json: { kind: "CHEQUE" } }), noParams))).toEqual(["kind"]);
    as(otto);
    expect((await methodRoute.PATCH(request(`/api/payout-methods/${method.id}`, { method: "PATCH", json: { isDefault: true } }), ctx({ id: method.id }))).status).toBe(404);
    expect((await methodRoute.DELETE(request(`/api/payout-methods/${method.id}`, { method: "DELETE" }), ctx({ id: method.id }))).status).toBe(404);
    as(fiona);
    expect((await methodRoute.PATCH(request(`/api/payout-methods/${method.id}`, { method: "PATCH", json: { isDefault: true } }), ctx({ id: method.id }))).status).toBe(200);
    expect((await methodRoute.DELETE(request(`/api/payout-methods/${method.id}`, { method: "DELETE" }), ctx({ id: method.id }))).status).toBe(204);

    expect(await fields(await scheduleRoute.PUT(request("/api/payout-schedule", { method: "PUT", json: { frequency: "DAILY", thresholdCents: -1 } }), noParams))).toEqual(["frequency", "thresholdCents"]);
    const put = await scheduleRoute.PUT(request("/api/payout-schedule", { method: "PUT", json: { frequency: "WEEKLY" } }), noParams);
    expect(await put.json()).toMatchObject({ schedule: { frequency: "WEEKLY", thresholdCents: 10_000, nextPayoutDate: "2024-06-12T00:00:00.000Z" } });
    as(otto);
    expect(await (await scheduleRoute.GET(request("/api/payout-schedule"), noParams)).json()).toEqual({ schedule: null });
  });
});

describe("ledger routes", () => {
  it("balances and transactions are the caller's own; a transfer by reference ID is 404 to anyone not party to it", async () => {
    as(fiona);
    const balances = (await (await balancesRoute.GET(request("/api/ledger/balances"), noParams)).json()) as { balances: Record<string, string> };
    // $60/h x 1 h = $60.00 in review, $54.00 net; $500 funded minus the $100 withdrawn
    expect(balances.balances).toMatchObject({ inReviewCents: "5400", availableCents: "40000", pendingCents: "0" });
    const lines = (await (await transactionsRoute.GET(request("/api/ledger/transactions?type=HOURLY"), noParams)).json()) as { transactions: Array<{ referenceId: string; amountCents: string; account: string }> };
    // R12 the hourly line shows the gross; its service fee is a line of its own (lib/reports/history-lines)
    expect(lines.transactions).toEqual([expect.objectContaining({ amountCents: "6000", account: "in_review", runningBalanceCents: "6000" })]);
    const ref = lines.transactions[0]!.referenceId;
    expect((await transferRoute.GET(request(`/api/ledger/transfers/${ref}`), ctx({ referenceId: ref }))).status).toBe(200);
    as(clara);
    const asClient = (await (await transferRoute.GET(request(`/api/ledger/transfers/${ref}`), ctx({ referenceId: ref }))).json()) as { transfer: { entries: Array<{ account: string; amountCents: string }> } };
    expect(asClient.transfer.entries).toEqual([{ account: "charges", amountCents: "-6180" }]);
    as(otto);
    expect((await transferRoute.GET(request(`/api/ledger/transfers/${ref}`), ctx({ referenceId: ref }))).status).toBe(404);
    expect((await (await transactionsRoute.GET(request("/api/ledger/transactions?type=HOURLY"), noParams)).json()) as object).toMatchObject({ transactions: [], nextCursor: null });
    expect(await fields(await transactionsRoute.GET(request("/api/ledger/transactions?type=LOTTERY&from=yesterday"), noParams))).toEqual(["from", "type"]);
  });
});

describe("bonus and dispute routes", () => {
  it("a client pays bonuses only on their own contracts, once their payment method is verified", async () => {
    as(clara);
    const unverified = await bonusesRoute.POST(request("/api/bonuses", { method: "POST", json: { contractId, amountCents: 2_500, memo: "Thanks" }, headers: { "idempotency-key": "bonus-route-0001" } }), noParams);
    expect(unverified.status).toBe(422);
    expect(await fields(unverified)).toEqual(["paymentMethod"]);
    // verified for the bonus only: the dispute below needs a client without a verified payment method
    await prisma.user.update({ where: { id: clara.id }, data: { paymentVerifiedAt: NOW } });
    await addVerifiedCard(prisma, clara.id); // R14.2 the bonus is charged on her default card
    const paid = await bonusesRoute.POST(request("/api/bonuses", { method: "POST", json: { contractId, amountCents: 2_500, memo: "Thanks" }, headers: { "idempotency-key": "bonus-route-0001" } }), noParams);
    expect(paid.status).toBe(201);
    const tooLarge = await bonusesRoute.POST(request("/api/bonuses", { method: "POST", json: { contractId, amountCents: 100_000_000, memo: "A million" }, headers: { "idempotency-key": "bonus-route-0003" } }), noParams);
    expect(tooLarge.status).toBe(422);
    expect(((await tooLarge.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ amountCents: "The bonus amount is above the limit of $10,000.00 per bonus." });
    await prisma.user.update({ where: { id: clara.id }, data: { paymentVerifiedAt: null } });
    expect(await fields(await bonusesRoute.POST(request("/api/bonuses", { method: "POST", json: { contractId, amountCents: 0 } }), noParams))).toEqual(["amountCents", "idempotencyKey", "memo"]);
    as(olga);
    const theirs = await bonusesRoute.POST(request("/api/bonuses", { method: "POST", json: { contractId, amountCents: 2_500, memo: "x" }, headers: { "idempotency-key": "bonus-route-0002" } }), noParams);
    expect(theirs.status).toBe(404);
    expect(((await (await bonusesRoute.GET(request("/api/bonuses"), noParams)).json()) as { bonuses: unknown[] }).bonuses).toEqual([]);
    as(fiona);
    expect(((await (await bonusesRoute.GET(request(`/api/bonuses?contractId=${contractId}`), noParams)).json()) as { bonuses: unknown[] }).bonuses).toHaveLength(1);
  });

  it("files, reads, answers and resolves disputes only as the right party", async () => {
    as(clara);
    const notMonday = await disputesRoute.POST(request("/api/disputes", { method: "POST", json: { contractId, weekStart: "2024-06-04", segmentIds: segments.slice(0, 2), reason: "Too short" } }), noParams);
    expect(await fields(notMonday)).toEqual(["reason", "weekStart"]);
    const filed = await disputesRoute.POST(request("/api/disputes", { method: "POST", json: { contractId, weekStart: "2024-06-03", segmentIds: segments.slice(0, 2), reason: "These were not our project" } }), noParams);
    expect(filed.status).toBe(201);
    const { dispute } = (await filed.json()) as { dispute: { id: string; heldCents: number } };
    expect(dispute.heldCents).toBe(2000);
    const id = dispute.id;
    as(olga);
    expect((await disputeRoute.GET(request(`/api/disputes/${id}`), ctx({ id }))).status).toBe(404);
    expect((await withdrawDisputeRoute.POST(request(`/api/disputes/${id}/withdraw`, { method: "POST" }), ctx({ id }))).status).toBe(404);
    as(otto);
    expect((await respondRoute.POST(request(`/api/disputes/${id}/respond`, { method: "POST", json: { answer: "accept" } }), ctx({ id }))).status).toBe(404);
    as(fiona);
    expect(await fields(await respondRoute.POST(request(`/api/disputes/${id}/respond`, { method: "POST", json: { answer: "maybe" } }), ctx({ id })))).toEqual(["answer"]);
    expect((await disputeRoute.GET(request(`/api/disputes/${id}`), ctx({ id }))).status).toBe(200);
    expect((await resolveRoute.POST(request(`/api/disputes/${id}/resolve`, { method: "POST" }), ctx({ id }))).status).toBe(403);
    const declined = await respondRoute.POST(request(`/api/disputes/${id}/respond`, { method: "POST", json: { answer: "decline" } }), ctx({ id }));
    expect(((await declined.json()) as { dispute: { status: string } }).dispute.status).toBe("ESCALATED");
    as(admin);
    const resolved = await resolveRoute.POST(request(`/api/disputes/${id}/resolve`, { method: "POST" }), ctx({ id }));
    // this client has no verified payment method, so no segment is protected (R5): all of it is refunded
    expect(((await resolved.json()) as { dispute: { status: string; refundedCents: number } }).dispute).toMatchObject({ status: "RESOLVED", refundedCents: 2000 });
  });
});

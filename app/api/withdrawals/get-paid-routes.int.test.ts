// Settings > Get Paid through its route handlers, as Next calls them, on a real PostgreSQL:
// withdraw now with the password again (rate-limited), one payout per idempotency key under
// concurrent submits, the status up to PAID or FAILED (money returned), payout methods validated
// per kind and stored without their numbers, and the schedule's next payout day and amount.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { routeContext as ctx, routeRequest, noParams } from "@/tests/support/route-harness";
import type { CurrentUser } from "@/lib/auth/current-user";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
const clock = vi.hoisted(() => ({ now: new Date("2024-06-12T15:05:00Z") }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));
vi.mock("@/lib/clock", () => ({ now: () => clock.now, appMode: () => "test" }));

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser, TEST_PASSWORD } = await import("@/tests/support/factories");
const { balanceOf, expectLedgerInvariants, fundAvailable, makeFixedContract, makeFixedSegments, slotsFrom } = await import("@/tests/support/ledger");
const { setNoticeSink } = await import("@/lib/realtime/notify");
const { closeWeek } = await import("@/lib/ledger/close-week");
const { processPayouts } = await import("@/lib/payouts/process-payouts");
const { setPayoutProviderForTests } = await import("@/lib/payouts/provider");
const { SandboxPayoutProvider } = await import("@/lib/payouts/sandbox-provider");
const { prisma } = await setupTestDatabase();

const withdrawalsRoute = await import("@/app/api/withdrawals/route");
const withdrawalRoute = await import("@/app/api/withdrawals/[id]/route");
const methodsRoute = await import("@/app/api/payout-methods/route");
const methodRoute = await import("@/app/api/payout-methods/[id]/route");
const scheduleRoute = await import("@/app/api/payout-schedule/route");

const NOW = new Date("2024-06-12T15:05:00Z"); // a Wednesday, as in the e2e demo
const request = (path: string, init: { method?: string; json?: unknown; key?: string } = {}) =>
  routeRequest(path, { ...init, headers: init.key ? { "idempotency-key": init.key } : {} });
const as = (user: CurrentUser | null) => (session.user = user);
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } }).error;
const post = (json: Record<string, unknown>, key: string) => withdrawalsRoute.POST(request("/api/withdrawals", { method: "POST", json, key }), noParams);
const available = (userId: string) => balanceOf(prisma, `freelancer:${userId}:available`);

beforeAll(() => {
  setNoticeSink(() => undefined);
  setPayoutProviderForTests(new SandboxPayoutProvider({ settleAfterMs: 0 }));
});
afterEach(() => {
  clock.now = NOW;
  return expectLedgerInvariants(prisma);
});

describe("POST /api/withdrawals: the password again", () => {
  it("a wrong password is 422 naming `password` and books nothing; 5 wrong in 15 minutes lock withdrawals (429) until they age out", async () => {
    const pat = await makeUser(prisma, "FREELANCER");
    const method = await fundAvailable(prisma, pat.id, 20_000, NOW);
    as(pat);
    const wrong = await post({ amountCents: 5_000, methodId: method, password: "not it" }, "pw-key-0001");
    expect(wrong.status).toBe(422);
    expect(await errorOf(wrong)).toMatchObject({ code: "validation_failed", fields: { password: "That is not your password." } });
    expect(await prisma.withdrawal.count({ where: { userId: pat.id } })).toBe(0);
    expect(await available(pat.id)).toBe(20_000n);

    for (let i = 0; i < 4; i++) expect((await post({ amountCents: 5_000, methodId: method, password: `guess ${i}` }, "pw-key-0001")).status).toBe(422);
    const locked = await post({ amountCents: 5_000, methodId: method, password: TEST_PASSWORD }, "pw-key-0001");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await prisma.withdrawal.count({ where: { userId: pat.id } })).toBe(0);

    // Choice: the key of a refused request is not used up: the same request goes through once the lock has passed
    clock.now = new Date(NOW.getTime() + 15 * 60_000 + 1_000);
    const ok = await post({ amountCents: 5_000, methodId: method, password: TEST_PASSWORD }, "pw-key-0001");
    expect(ok.status).toBe(201);
    expect(await available(pat.id)).toBe(15_000n);
  });

  it("a replay of a made withdrawal needs the password too, and gets the same withdrawal", async () => {
    const pia = await makeUser(prisma, "FREELANCER");
    const method = await fundAvailable(prisma, pia.id, 20_000, NOW);
    as(pia);
    const first = await post({ amountCents: 5_000, methodId: method, password: TEST_PASSWORD }, "replay-key-0001");
    expect(first.status).toBe(201);
    expect((await post({ amountCents: 5_000, methodId: method, password: "wrong" }, "replay-key-0001")).status).toBe(422);
    const again = await post({ amountCents: 5_000, methodId: method, password: TEST_PASSWORD }, "replay-key-0001");
    expect(again.status).toBe(200);
    expect(((await again.json()) as { replayed: boolean }).replayed).toBe(true);
    expect(await available(pia.id)).toBe(15_000n);
  });
});

describe("POST /api/withdrawals: a refused amount names the limit", () => {
  it("more than available names the available balance; not above the fee names the fee and the method", async () => {
    const ida = await makeUser(prisma, "FREELANCER");
    const wire = await fundAvailable(prisma, ida.id, 12_345, NOW, "WIRE");
    as(ida);
    const over = await post({ amountCents: 12_346, methodId: wire, password: TEST_PASSWORD }, "limit-key-0001");
    expect(over.status).toBe(422);
    expect((await errorOf(over)).fields).toEqual({ amountCents: "Enter at most $123.45, your available balance." });
    const fee = await post({ amountCents: 3_000, methodId: wire, password: TEST_PASSWORD }, "limit-key-0002");
    expect(fee.status).toBe(422);
    expect((await errorOf(fee)).fields).toEqual({ amountCents: "Enter more than the $30.00 wire fee, which comes out of the amount." });
    expect(await available(ida.id)).toBe(12_345n);
  });
});

describe("POST /api/withdrawals: a double submit or a retry pays once", () => {
  it("three concurrent posts with one key book one withdrawal, answered 201 once and 200 twice with the same id", async () => {
    const dan = await makeUser(prisma, "FREELANCER");
    const method = await fundAvailable(prisma, dan.id, 30_000, NOW, "LOCAL_BANK");
    as(dan);
    const responses = await Promise.all([1, 2, 3].map(() => post({ amountCents: 10_000, methodId: method, password: TEST_PASSWORD }, "double-key-0001")));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as { withdrawal: { id: string } }).withdrawal.id));
    expect(new Set(ids).size).toBe(1);
    expect(await prisma.withdrawal.count({ where: { userId: dan.id } })).toBe(1);
    // R10.1 local bank: $0.99 out of the $100.00
    expect(await prisma.withdrawal.findFirstOrThrow({ where: { userId: dan.id } })).toMatchObject({ amountCents: 10_000, feeCents: 99, netCents: 9_901 });
    expect(await available(dan.id)).toBe(20_000n);
  });
});

describe("GET /api/withdrawals/:id: the status up to PAID or FAILED", () => {
  it("a payout the bank pays ends PAID; one it rejects ends FAILED with the amount and the fee back in available", async () => {
    const eve = await makeUser(prisma, "FREELANCER");
    const ach = await fundAvailable(prisma, eve.id, 30_000, NOW, "ACH");
    const card = await fundAvailable(prisma, eve.id, 0, NOW, "INSTANT_CARD", "0002"); // the sandbox's failing test card
    as(eve);
    const paid = ((await (await post({ amountCents: 10_000, methodId: ach, password: TEST_PASSWORD }, "status-key-0001")).json()) as { withdrawal: { id: string } }).withdrawal;
    const failed = ((await (await post({ amountCents: 10_000, methodId: card, password: TEST_PASSWORD }, "status-key-0002")).json()) as { withdrawal: { id: string; feeCents: number } }).withdrawal;
    expect(failed.feeCents).toBe(200);
    expect(await available(eve.id)).toBe(10_000n);
    const statusOf = async (id: string) => ((await (await withdrawalRoute.GET(request(`/api/withdrawals/${id}`), ctx({ id }))).json()) as { withdrawal: { status: string; failureReason: string | null } }).withdrawal;
    expect((await statusOf(paid.id)).status).toBe("PROCESSING");

    await processPayouts(new Date(NOW.getTime() + 60_000));
    expect(await statusOf(paid.id)).toMatchObject({ status: "PAID", failureReason: null });
    expect(await statusOf(failed.id)).toMatchObject({ status: "FAILED", failureReason: expect.stringContaining("rejected") });
    expect(await available(eve.id)).toBe(20_000n); // the failed $100.00, its $2.00 fee included, is back
    const list = ((await (await withdrawalsRoute.GET(request("/api/withdrawals"), noParams)).json()) as { withdrawals: Array<{ status: string }> }).withdrawals;
    expect(list.map((w) => w.status).sort()).toEqual(["FAILED", "PAID"]);
  });

  it("Choice: a payout on its way to a method that is then removed still arrives", async () => {
    const ian = await makeUser(prisma, "FREELANCER");
    const method = await fundAvailable(prisma, ian.id, 10_000, NOW);
    as(ian);
    const { withdrawal } = (await (await post({ amountCents: 4_000, methodId: method, password: TEST_PASSWORD }, "removed-key-0001")).json()) as { withdrawal: { id: string } };
    expect((await methodRoute.DELETE(request(`/api/payout-methods/${method}`, { method: "DELETE" }), ctx({ id: method }))).status).toBe(204);
    await processPayouts(new Date(NOW.getTime() + 60_000));
    const after = (await (await withdrawalRoute.GET(request(`/api/withdrawals/${withdrawal.id}`), ctx({ id: withdrawal.id }))).json()) as { withdrawal: { status: string; methodLabel: string } };
    expect(after.withdrawal).toMatchObject({ status: "PAID", methodLabel: "ACH test" });
    expect(await balanceOf(prisma, `freelancer:${ian.id}:paid_out`)).toBe(4_000n);
  });
});

describe("payout methods routes (R10.1)", () => {
  it("validate each kind's fields by name, keep no full number, and show the 3-day hold", async () => {
    const fay = await makeUser(prisma, "FREELANCER");
    as(fay);
    const add = (json: unknown) => methodsRoute.POST(request("/api/payout-methods", { method: "POST", json }), noParams);
    const bad = await add({ kind: "INSTANT_CARD", accountHolder: "F", cardNumber: "4242 4242 4242 4241", expiry: "05/24" });
    expect(bad.status).toBe(422);
    const badError = await errorOf(bad);
    expect(Object.keys(badError.fields ?? {}).sort()).toEqual(["accountHolder", "cardNumber", "expiry"]);
    expect(JSON.stringify(badError)).not.toContain("4241");
    expect(Object.keys((await errorOf(await add({ kind: "ACH", accountHolder: "Fay F", routingNumber: "123456789", accountNumber: "12345678" }))).fields ?? {})).toEqual(["routingNumber"]);

    const res = await add({ kind: "INSTANT_CARD", accountHolder: "Fay F", cardNumber: "4242 4242 4242 4242", expiry: "12/27" });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain("4242424242424242");
    const { method } = JSON.parse(text) as { method: { id: string } };
    expect(method).toMatchObject({ kind: "INSTANT_CARD", label: "Visa ••••4242", last4: "4242", description: "Visa ••••4242 · expires 12/27", isDefault: true, usableFrom: "2024-06-15T15:05:00.000Z" });
    const row = await prisma.payoutMethod.findUniqueOrThrow({ where: { id: method.id } });
    expect(JSON.stringify(row)).not.toContain("4242424242424242");
    expect(row.details).toMatchObject({ token: expect.stringMatching(/^sbxtok_/), provider: "sandbox", brand: "Visa" });

    // R10.1 not usable during the hold: withdrawing to it is 422 naming the method
    await fundAvailable(prisma, fay.id, 10_000, NOW);
    const early = await post({ amountCents: 5_000, methodId: method.id, password: TEST_PASSWORD }, "hold-key-0001");
    expect(early.status).toBe(422);
    expect((await errorOf(early)).fields).toEqual({ methodId: "This method can be used from Sat 15 Jun 2024, 15:05 UTC, 3 days after it was added. Choose another one, or wait until then." });

    const fred = await makeUser(prisma, "FREELANCER");
    as(fred);
    expect((await methodRoute.PATCH(request(`/api/payout-methods/${method.id}`, { method: "PATCH", json: { isDefault: true } }), ctx({ id: method.id }))).status).toBe(404);
    expect((await methodRoute.DELETE(request(`/api/payout-methods/${method.id}`, { method: "DELETE" }), ctx({ id: method.id }))).status).toBe(404);
    expect(((await (await methodsRoute.GET(request("/api/payout-methods"), noParams)).json()) as { methods: unknown[] }).methods).toEqual([]);
    as(await makeUser(prisma, "CLIENT"));
    expect((await add({ kind: "ACH" })).status).toBe(403);
    expect((await scheduleRoute.GET(request("/api/payout-schedule"), noParams)).status).toBe(403);
    as(null);
    expect((await add({ kind: "ACH" })).status).toBe(401);
    expect((await methodRoute.DELETE(request(`/api/payout-methods/${method.id}`, { method: "DELETE" }), ctx({ id: method.id }))).status).toBe(401);
  });
});

describe("payout schedule route (R10.3)", () => {
  it("shows the next payout day and what it would send, counting money that becomes available by then", async () => {
    const sam = await makeUser(prisma, "FREELANCER");
    const client = await makeUser(prisma, "CLIENT");
    const contractId = await makeFixedContract(prisma, { name: "schedule", clientId: client.id, freelancerId: sam.id, rateCents: 6000, limitHours: 40 });
    await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-04T09:00:00Z"), 6));
    await closeWeek({ weekStart: new Date("2024-06-03T00:00:00Z"), now: new Date("2024-06-10T12:00:00Z") }); // $54.00 net, available Wed 19 June (R6.3)
    as(sam);
    const put = async (json: unknown) => {
      const res = await scheduleRoute.PUT(request("/api/payout-schedule", { method: "PUT", json }), noParams);
      return ((await res.json()) as { schedule: unknown }).schedule;
    };
    expect(await put({ frequency: "WEEKLY", thresholdCents: 0 })).toMatchObject({ nextPayoutDate: "2024-06-12T00:00:00.000Z", expectedAvailableCents: 0, nextPayout: null, skipReason: "NO_DEFAULT_METHOD" });

    const method = await fundAvailable(prisma, sam.id, 20_000, NOW, "WIRE");
    await prisma.payoutMethod.update({ where: { id: method }, data: { isDefault: true } });
    // today is a weekly payout day: today's balance
    expect(await put({ frequency: "WEEKLY", thresholdCents: 0 })).toMatchObject({
      nextPayoutDate: "2024-06-12T00:00:00.000Z", expectedAvailableCents: 20_000, nextPayout: { amountCents: 20_000, feeCents: 3_000, netCents: 17_000, methodId: method }, skipReason: null,
    });
    // the last Wednesday of June: the hourly earnings are available by then
    expect(await put({ frequency: "MONTHLY", thresholdCents: 10_000 })).toMatchObject({ nextPayoutDate: "2024-06-26T00:00:00.000Z", expectedAvailableCents: 25_400, nextPayout: { amountCents: 25_400, netCents: 22_400 } });
    expect(await put({ frequency: "MONTHLY", thresholdCents: 30_000 })).toMatchObject({ nextPayout: null, skipReason: "BELOW_THRESHOLD" });

    // Choice: once today's scheduled payout was made, the next one is the next payout day
    await prisma.withdrawal.create({ data: { referenceId: "HG-WDR-TEST-1", userId: sam.id, methodId: method, amountCents: 1, feeCents: 0, netCents: 1, idempotencyKey: "scheduled:2024-06-12", scheduled: true, requestedAt: NOW } });
    expect(await put({ frequency: "WEEKLY" })).toMatchObject({ nextPayoutDate: "2024-06-19T00:00:00.000Z", thresholdCents: 10_000 });
    expect((await scheduleRoute.DELETE(request("/api/payout-schedule", { method: "DELETE" }), noParams)).status).toBe(204);
    expect(await (await scheduleRoute.GET(request("/api/payout-schedule"), noParams)).json()).toEqual({ schedule: null });
  });
});

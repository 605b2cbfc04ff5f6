import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../fixtures";
import type { DemoUserKey } from "../../lib/seed/demo-accounts";

// The money API over HTTP against the demo (clock fixed at Wed 2024-06-12 15:05 UTC):
// fiona can withdraw from her available balance once per idempotency key, and no
// one else can see or use her withdrawals, payout methods or ledger transfers (404).
async function api(browser: Browser, who: DemoUserKey): Promise<APIRequestContext> {
  const ctx = await browser.newContext();
  const res = await ctx.request.post("/api/session", { data: { email: DEMO_USERS[who].email, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  return ctx.request;
}

test("fiona withdraws once per Idempotency-Key; felix gets 404 for all of it", async ({ browser }) => {
  const fiona = await api(browser, "fiona");
  const balances = (await (await fiona.get("/api/ledger/balances")).json()) as { balances: { availableCents: string; inReviewCents: string } };
  expect(Number(balances.balances.availableCents)).toBeGreaterThanOrEqual(10_000);
  expect(Number(balances.balances.inReviewCents)).toBeGreaterThan(0);
  const { methods } = (await (await fiona.get("/api/payout-methods")).json()) as { methods: Array<{ id: string; kind: string; isDefault: boolean }> };
  const ach = methods.find((m) => m.kind === "ACH" && m.isDefault)!;
  expect(ach).toBeDefined();

  const withdraw = (amountCents: number) => fiona.post("/api/withdrawals", { data: { amountCents, methodId: ach.id, password: DEMO_PASSWORD }, headers: { "Idempotency-Key": "e2e-money-withdrawal-1" } });
  const first = await withdraw(5_000);
  expect(first.status()).toBe(201);
  const { withdrawal } = (await first.json()) as { withdrawal: { id: string; referenceId: string; status: string } };
  expect(withdrawal.status).toBe("PROCESSING");
  const again = await withdraw(5_000);
  expect(again.status()).toBe(200);
  expect(((await again.json()) as { withdrawal: { id: string } }).withdrawal.id).toBe(withdrawal.id);
  expect((await withdraw(6_000)).status()).toBe(409);
  const bad = await fiona.post("/api/withdrawals", { data: { amountCents: "lots" } });
  expect(bad.status()).toBe(422);
  expect(Object.keys(((await bad.json()) as { error: { fields: object } }).error.fields).sort()).toEqual(["amountCents", "idempotencyKey", "methodId", "password"]);
  expect((await fiona.get(`/api/ledger/transfers/${withdrawal.referenceId}`)).status()).toBe(200);

  const felix = await api(browser, "felix");
  expect((await felix.get(`/api/withdrawals/${withdrawal.id}`)).status()).toBe(404);
  expect((await felix.get(`/api/ledger/transfers/${withdrawal.referenceId}`)).status()).toBe(404);
  expect((await felix.post("/api/withdrawals", { data: { amountCents: 1_000, methodId: ach.id, password: DEMO_PASSWORD }, headers: { "Idempotency-Key": "e2e-money-withdrawal-2" } })).status()).toBe(404);
  expect((await felix.patch(`/api/payout-methods/${ach.id}`, { data: { isDefault: true } })).status()).toBe(404);
  expect((await felix.delete(`/api/payout-methods/${ach.id}`)).status()).toBe(404);
  expect(((await (await felix.get("/api/withdrawals")).json()) as { withdrawals: unknown[] }).withdrawals).toEqual([]);

  const carl = await api(browser, "carl");
  expect((await carl.post("/api/withdrawals", { data: {} })).status()).toBe(403);
  const clara = await api(browser, "clara");
  const { bonuses } = (await (await clara.get("/api/bonuses")).json()) as { bonuses: Array<{ contractId: string }> };
  expect(bonuses.length).toBeGreaterThan(0);
  const claraContract = bonuses[0]!.contractId;
  expect((await carl.post("/api/bonuses", { data: { contractId: claraContract, amountCents: 100, memo: "not mine" }, headers: { "Idempotency-Key": "e2e-money-bonus-1" } })).status()).toBe(404);
  expect(((await (await carl.get(`/api/bonuses?contractId=${claraContract}`)).json()) as { bonuses: unknown[] }).bonuses).toEqual([]);
});

test("money routes answer 401 JSON without a session", async ({ request }) => {
  for (const path of ["/api/ledger/balances", "/api/ledger/transactions", "/api/withdrawals", "/api/payout-methods", "/api/payout-schedule", "/api/bonuses"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  }
});

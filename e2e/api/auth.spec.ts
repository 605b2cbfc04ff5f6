import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS, fromAddress } from "../fixtures";
import { copyOfDemoUser } from "../auth/support";

// The account this file locks out: a copy of carl (same password) of its own, so the
// lockout it proves does not stop later tests signing in as carl within the minute.
const lockableAccount = () => copyOfDemoUser("carl", "lockout", "Lockout Test");

test("more than 10 failed sign-ins a minute for one account get 429 with Retry-After", async ({ request }) => {
  const email = await lockableAccount();
  expect((await request.post("/api/session", { data: { email, password: DEMO_PASSWORD }, headers: fromAddress("198.51.100.201") })).status()).toBe(200);
  for (let i = 0; i < 10; i++) {
    const res = await request.post("/api/session", { data: { email, password: "wrong" }, headers: fromAddress(`198.51.100.${i}`) });
    expect(res.status()).toBe(401);
  }
  const limited = await request.post("/api/session", { data: { email, password: DEMO_PASSWORD }, headers: fromAddress("198.51.100.200") });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await limited.json()).error.code).toBe("rate_limited");
});

test("more than 10 failed sign-ins a minute from one address get 429, whatever the account", async ({ request }) => {
  const ip = "203.0.113.7";
  for (let i = 0; i < 10; i++) {
    await request.post("/api/session", { data: { email: `nobody${i}@hourglass.test`, password: "x" }, headers: fromAddress(ip) });
  }
  const limited = await request.post("/api/session", { data: { email: DEMO_USERS.farah.email, password: DEMO_PASSWORD }, headers: fromAddress(ip) });
  expect(limited.status()).toBe(429);
  const elsewhere = await request.post("/api/session", { data: { email: DEMO_USERS.farah.email, password: DEMO_PASSWORD }, headers: fromAddress("203.0.113.8") });
  expect(elsewhere.status()).toBe(200);
});

test("a malformed sign-in is 422 naming the fields", async ({ request }) => {
  const res = await request.post("/api/session", { data: { email: "nope" } });
  expect(res.status()).toBe(422);
  const body = await res.json();
  expect(Object.keys(body.error.fields).sort()).toEqual(["email", "password"]);
});

test("the tracker API answers 401 JSON for a missing, unknown or malformed token", async ({ request }) => {
  const cases: Array<Record<string, string>> = [{}, { authorization: "Bearer hgt_doesnotexist000000000000000000000000000000" }, { authorization: "Token abc" }];
  for (const headers of cases) {
    const res = await request.get("/api/tracker/v1/me", { headers });
    expect(res.status()).toBe(401);
    expect(res.headers()["content-type"]).toContain("application/json");
    expect((await res.json()).error.code).toBe("unauthenticated");
  }
});

test("session routes answer 401 JSON without a session, and refuse cross-site writes", async ({ request, browser }) => {
  const res = await request.get("/api/settings/tracker-tokens");
  expect(res.status()).toBe(401);
  expect((await res.json()).error.code).toBe("unauthenticated");

  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto("/sign-in");
  await page.request.post("/api/session", { data: { email: DEMO_USERS.felix.email, password: DEMO_PASSWORD } });
  const forged = await page.request.post("/api/settings/tracker-tokens", { data: { name: "csrf" }, headers: { origin: "https://evil.example" } });
  expect(forged.status()).toBe(403);
  await ctx.close();
});

// Sign-in and sessions through the real route handlers (POST/DELETE /api/session, a withSession
// route, the withdrawal password, next-auth's own routes) on a real PostgreSQL, with next-auth
// loaded for real: login CSRF, raced rate limits, the flood of password checks, the
// session a copied cookie kept after sign-out, and `Origin: null`.
import { randomBytes, randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { registerNextAuthShims, requestScope } from "@/tests/support/route-harness";

process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
// next-auth loads for real (tests/support/route-harness.ts); its actions read the request being
// sent and keep the cookies they set in this test's browser, `scope.jar`.
const scope = Object.assign(requestScope, { jar: new Map<string, string>() });
registerNextAuthShims();

const { NextRequest: Request } = await import("next/server");
const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser, TEST_PASSWORD } = await import("@/tests/support/factories");
const { RULES } = await import("@/lib/config/rules");
const { LIMITS } = await import("@/lib/config/limits");
const { passwordSlots, PASSWORD_CHECKS } = await import("@/lib/auth/password-checks");
const { updateUser } = await import("@/lib/admin/update-user");
const session = await import("@/app/api/session/route");
const tokens = await import("@/app/api/settings/tracker-tokens/route");
const withdrawals = await import("@/app/api/withdrawals/route");
const nextAuth = await import("@/app/api/auth/[...nextauth]/route");
const { prisma } = await setupTestDatabase();

const ORIGIN = "http://portal.test";
const noParams = { params: Promise.resolve({} as Record<string, never>) };

interface SendOptions {
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  cookie?: string;
}

/** A request as the portal's own page would send it, unless `headers` say otherwise (null drops one). */
function request(method: string, path: string, opts: SendOptions = {}): NextRequest {
  const headers = new Headers({ host: "portal.test", origin: ORIGIN, "sec-fetch-site": "same-origin", "content-type": "application/json" });
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    if (value === "") headers.delete(name);
    else headers.set(name, value);
  }
  if (opts.cookie) headers.set("cookie", opts.cookie);
  scope.headers = headers;
  const body = opts.body ?? (opts.json === undefined ? undefined : JSON.stringify(opts.json));
  return new Request(`${ORIGIN}${path}`, { method, headers, body });
}

let ip = 0;
/** A fresh address, so one test's per-address limit never touches another's. */
const nextIp = () => `10.13.${Math.floor(++ip / 250)}.${ip % 250}`;

const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  session.POST(request("POST", "/api/session", { json: { email, password }, headers: { "x-forwarded-for": nextIp(), ...headers } }));

/** Signs in and returns the cookie header a browser would then send. */
async function signedInCookie(email: string): Promise<string> {
  scope.jar.clear();
  expect((await signIn(email, TEST_PASSWORD)).status).toBe(200);
  const cookie = [...scope.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  expect(cookie).toContain("authjs.session-token=");
  return cookie;
}

const listTokens = (cookie: string) => tokens.GET(request("GET", "/api/settings/tracker-tokens", { cookie }), noParams);
const codeOf = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;
const attemptsOf = async (key: string) => (await prisma.rateLimitAttempts.findUnique({ where: { key } }))?.attempts.length ?? 0;

describe("POST /api/session: only JSON from the portal's own pages (login CSRF)", () => {
  it("a cross-site text/plain form, a foreign or opaque Origin, or a cross-site fetch are refused before any password check", async () => {
    const user = await makeUser(prisma, "CLIENT");
    const form = `{"email":"${user.email}","password":"${TEST_PASSWORD}"}`;
    const crossSiteForm = await session.POST(request("POST", "/api/session", { body: form, headers: { "content-type": "text/plain", origin: "https://evil.example", "sec-fetch-site": "cross-site" } }));
    expect(crossSiteForm.status).toBe(403);
    expect(await codeOf(crossSiteForm)).toBe("forbidden");
    expect((await signIn(user.email, TEST_PASSWORD, { origin: "https://evil.example", "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await signIn(user.email, TEST_PASSWORD, { origin: "null" })).status).toBe(403);
    expect((await signIn(user.email, TEST_PASSWORD, { origin: "", "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await signIn(user.email, TEST_PASSWORD, { origin: "", "sec-fetch-site": "same-site" })).status).toBe(403);
    const plain = await session.POST(request("POST", "/api/session", { body: form, headers: { "content-type": "text/plain" } }));
    expect(plain.status).toBe(415);
    expect(await codeOf(plain)).toBe("unsupported_media_type");
    const urlencoded = await session.POST(request("POST", "/api/session", { body: `email=${user.email}`, headers: { "content-type": "application/x-www-form-urlencoded" } }));
    expect(urlencoded.status).toBe(415);
    expect(await attemptsOf(`signin:email:${user.email}`)).toBe(0);
  });

  it("the portal's own JSON sign-in works, with Origin or with only Sec-Fetch-Site: same-origin", async () => {
    const user = await makeUser(prisma, "CLIENT");
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(200);
    expect((await signIn(user.email, TEST_PASSWORD, { origin: "" })).status).toBe(200);
    expect((await signIn(user.email, TEST_PASSWORD, { "content-type": "application/json; charset=utf-8" })).status).toBe(200);
  });
});

describe("`Origin: null` is a cross-site request (403), never a 500", () => {
  it("on a session route and on sign-out", async () => {
    const fiona = await makeUser(prisma, "FREELANCER");
    const cookie = await signedInCookie(fiona.email);
    const create = await tokens.POST(request("POST", "/api/settings/tracker-tokens", { json: { name: "laptop" }, cookie, headers: { origin: "null" } }), noParams);
    expect(create.status).toBe(403);
    expect(await codeOf(create)).toBe("forbidden");
    const garbage = await tokens.POST(request("POST", "/api/settings/tracker-tokens", { json: { name: "laptop" }, cookie, headers: { origin: "not a url" } }), noParams);
    expect(garbage.status).toBe(403);
    expect((await session.DELETE(request("DELETE", "/api/session", { cookie, headers: { origin: "null" } }))).status).toBe(403);
    expect((await listTokens(cookie)).status).toBe(200);
  });

  it("on next-auth's own POST endpoints", async () => {
    for (const path of ["/api/auth/signout", "/api/auth/session", "/api/auth/callback/credentials"]) {
      const res = await nextAuth.POST(request("POST", path, { body: "csrfToken=x", headers: { origin: "null", "content-type": "application/x-www-form-urlencoded" } }));
      expect(res.status, path).toBeLessThan(500);
    }
  });
});

describe("password attempts are counted before they are checked (raced rate limits)", () => {
  it(`60 parallel wrong sign-ins for one account: at most ${RULES.auth.maxFailedSignInsPerMinute} are checked, and the right password sent last is refused`, async () => {
    const user = await makeUser(prisma, "CLIENT");
    const wrong = Array.from({ length: 60 }, (_, i) => signIn(user.email, `guess ${i}`));
    const right = signIn(user.email, TEST_PASSWORD);
    const answers = await Promise.all(wrong);
    const checked = answers.filter((r) => r.status === 401).length;
    expect(checked).toBeLessThanOrEqual(RULES.auth.maxFailedSignInsPerMinute);
    expect(answers.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    const last = await right;
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await attemptsOf(`signin:email:${user.email}`)).toBe(checked);
  });

  it("a successful sign-in is not counted; a failed one is", async () => {
    const user = await makeUser(prisma, "CLIENT");
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(200);
    expect(await attemptsOf(`signin:email:${user.email}`)).toBe(0);
    expect((await signIn(user.email, "nope")).status).toBe(401);
    expect(await attemptsOf(`signin:email:${user.email}`)).toBe(1);
  });

  it(`14 parallel wrong withdrawal passwords: at most ${LIMITS.withdrawalPasswordFailures} are checked, and the right one sent last is refused`, async () => {
    const fiona = await makeUser(prisma, "FREELANCER");
    const cookie = await signedInCookie(fiona.email);
    const post = (password: string) =>
      withdrawals.POST(
        request("POST", "/api/withdrawals", { json: { amountCents: 5_000, methodId: randomUUID(), password }, cookie, headers: { "idempotency-key": randomUUID() } }),
        noParams,
      );
    const answers = await Promise.all(Array.from({ length: 14 }, (_, i) => post(`guess ${i}`)));
    const right = await post(TEST_PASSWORD);
    const checked = answers.filter((r) => r.status === 422).length;
    expect(checked).toBeLessThanOrEqual(LIMITS.withdrawalPasswordFailures);
    expect(answers.every((r) => r.status === 422 || r.status === 429)).toBe(true);
    expect(right.status).toBe(429);
    expect(await codeOf(right)).toBe("rate_limited");
  });
});

describe("password checks are bounded, so a flood cannot starve a real sign-in", () => {
  it(`with ${PASSWORD_CHECKS.concurrent} checks running and ${PASSWORD_CHECKS.queued} waiting, a sign-in is refused at once with Retry-After and not counted; once a slot frees it signs in`, async () => {
    const user = await makeUser(prisma, "CLIENT");
    const held = Array.from({ length: PASSWORD_CHECKS.concurrent + PASSWORD_CHECKS.queued }, () => passwordSlots.tryAcquire());
    try {
      const busy = await signIn(user.email, TEST_PASSWORD);
      expect(busy.status).toBe(429);
      expect(busy.headers.get("retry-after")).toBe(String(PASSWORD_CHECKS.retryAfterSeconds));
      expect(await attemptsOf(`signin:email:${user.email}`)).toBe(0);
    } finally {
      // the queued ones get their slot, in order, as the ones before them release theirs
      for (const slot of held) (await slot!)();
    }
    expect(passwordSlots.inUse).toBe(0);
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it("60 parallel sign-ins to 60 accounts: the ones past the bound are answered 429 with Retry-After instead of queueing", async () => {
    const flood = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn(`nobody-${randomUUID()}-${i}@test.example`, "x")));
    const busy = flood.filter((r) => r.status === 429);
    expect(flood.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((r) => r.headers.get("retry-after") === String(PASSWORD_CHECKS.retryAfterSeconds))).toBe(true);
    expect(passwordSlots.inUse).toBe(0);
  });
});

describe("sign-out ends the session, also for a copied cookie", () => {
  it("a cookie copied before sign-out no longer works after it", async () => {
    const fiona = await makeUser(prisma, "FREELANCER");
    const cookie = await signedInCookie(fiona.email);
    const copy = cookie;
    expect((await listTokens(copy)).status).toBe(200);
    expect((await session.DELETE(request("DELETE", "/api/session", { cookie }))).status).toBe(200);
    const after = await listTokens(copy);
    expect(after.status).toBe(401);
    expect(await codeOf(after)).toBe("unauthenticated");
    // a new sign-in works, and its session is a new one
    expect((await listTokens(await signedInCookie(fiona.email))).status).toBe(200);
  });

  it("signing out ends the account's other sessions too (sign out everywhere)", async () => {
    const fiona = await makeUser(prisma, "FREELANCER");
    const laptop = await signedInCookie(fiona.email);
    const phone = await signedInCookie(fiona.email);
    expect((await session.DELETE(request("DELETE", "/api/session", { cookie: phone }))).status).toBe(200);
    expect((await listTokens(laptop)).status).toBe(401);
  });

  it("suspension ends every session, and reinstating the account does not revive them", async () => {
    const admin = await makeUser(prisma, "ADMIN");
    const fiona = await makeUser(prisma, "FREELANCER");
    const cookie = await signedInCookie(fiona.email);
    await updateUser(admin, fiona.id, { suspended: true }, new Date());
    await updateUser(admin, fiona.id, { suspended: false }, new Date());
    expect((await listTokens(cookie)).status).toBe(401);
  });
});

// Keeping an account (issue 16, R16.2) through the real route handlers on a real PostgreSQL, next-auth loaded
// for real: the reset link works once and only for 30 minutes on the portal's clock, sessions signed in before a
// reset or a password change are refused, the browser that changed its password stays signed in, the email
// changes only once the new address confirms, and the rate limits answer 429 with Retry-After.
import { randomBytes } from "node:crypto";
import type { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { registerNextAuthShims, requestScope } from "@/tests/support/route-harness";

const clock = vi.hoisted(() => ({ at: new Date("2026-12-06T10:00:00Z") }));
vi.mock("@/lib/clock", async (original) => ({ ...(await original<typeof import("@/lib/clock")>()), now: () => new Date(clock.at) }));
process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
const scope = Object.assign(requestScope, { jar: new Map<string, string>() });
registerNextAuthShims();

const { NextRequest: Request } = await import("next/server");
const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser, TEST_PASSWORD } = await import("@/tests/support/factories");
const session = await import("@/app/api/session/route");
const tokens = await import("@/app/api/settings/tracker-tokens/route");
const resetRequest = await import("@/app/api/account/password-reset/route");
const resetConfirm = await import("@/app/api/account/password-reset/confirm/route");
const passwordRoute = await import("@/app/api/account/password/route");
const emailRoute = await import("@/app/api/account/email/route");
const emailConfirm = await import("@/app/api/account/email/confirm/route");
const sessionsRoute = await import("@/app/api/account/sessions/route");
const { RESET_REQUEST_LIMITS, RESET_REQUESTED_MESSAGE } = await import("@/lib/accounts/password-reset");
const { CURRENT_PASSWORD_LIMIT } = await import("@/lib/accounts/account-settings");
const { prisma } = await setupTestDatabase();

const ORIGIN = "http://portal.test";
const noParams = { params: Promise.resolve({} as Record<string, never>) };
const NEW_PASSWORD = "violet tangerine harbour 9";

let ip = 0;
const nextIp = () => `10.16.${Math.floor(++ip / 250)}.${ip % 250}`;

function request(method: string, path: string, opts: { json?: unknown; cookie?: string; ip?: string } = {}): NextRequest {
  const headers = new Headers({ host: "portal.test", origin: ORIGIN, "sec-fetch-site": "same-origin", "content-type": "application/json", "x-forwarded-for": opts.ip ?? nextIp() });
  if (opts.cookie) headers.set("cookie", opts.cookie);
  scope.headers = headers;
  return new Request(`${ORIGIN}${path}`, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
}

/** Signs in and returns the cookie header a browser would then send. */
async function signedInCookie(email: string, password = TEST_PASSWORD): Promise<string> {
  scope.jar.clear();
  expect((await session.POST(request("POST", "/api/session", { json: { email, password } }))).status).toBe(200);
  return cookieOfJar();
}
const cookieOfJar = () => [...scope.jar].map(([name, value]) => `${name}=${value}`).join("; ");
const works = async (cookie: string) => (await tokens.GET(request("GET", "/api/settings/tracker-tokens", { cookie }), noParams)).status;
const bodyOf = async (res: Response) => (await res.json()) as { ok?: boolean; message?: string; error?: { code: string; message: string; fields?: Record<string, string> } };

const askReset = (email: string, ip?: string) => resetRequest.POST(request("POST", "/api/account/password-reset", { json: { email }, ip }), noParams);
const useReset = (token: string, password: string) => resetConfirm.POST(request("POST", "/api/account/password-reset/confirm", { json: { token, password } }), noParams);
const mailsTo = (address: string) => prisma.emailOutbox.findMany({ where: { toAddress: address }, orderBy: { createdAt: "asc" } });
/** The raw token of the newest email to `address` with a link to `path`. */
async function linkToken(address: string, path: string): Promise<string> {
  const mails = (await mailsTo(address)).filter((m) => m.textBody.includes(path));
  const match = /\?token=([\w-]+)/.exec(mails.at(-1)?.textBody ?? "");
  if (!match) throw new Error(`no ${path} link mailed to ${address}`);
  return match[1]!;
}

describe("POST /api/account/password-reset (R16.2)", () => {
  it("answers the same for an email with and without an account; only the account gets a link", async () => {
    const fiona = await makeUser(prisma, "FREELANCER");
    const known = await askReset(fiona.email.toUpperCase());
    const unknown = await askReset("nobody-here@example.test");
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(await bodyOf(known)).toEqual({ ok: true, message: RESET_REQUESTED_MESSAGE });
    expect(await bodyOf(unknown)).toEqual({ ok: true, message: RESET_REQUESTED_MESSAGE });
    const [mail] = await mailsTo(fiona.email);
    expect(mail).toMatchObject({ kind: "account", subject: "Choose a new password", userId: fiona.id });
    expect(mail!.htmlBody).toContain("/reset-password?token=");
    expect(await mailsTo("nobody-here@example.test")).toEqual([]);
  });

  it("refuses malformed and very long emails with a field error", async () => {
    for (const email of ["not-an-email", `${"a".repeat(250)}@example.test`]) {
      const res = await askReset(email);
      expect(res.status).toBe(422);
      expect(Object.keys((await bodyOf(res)).error!.fields!)).toEqual(["email"]);
    }
  });

  it("limits requests per email and per address with 429 and Retry-After, alike for unknown emails", async () => {
    const fiona = await makeUser(prisma, "FREELANCER");
    for (const email of [fiona.email, "ghost@example.test"]) {
      for (let i = 0; i < RESET_REQUEST_LIMITS.perEmail.limit; i++) expect((await askReset(email)).status).toBe(202);
      const refused = await askReset(email);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(await mailsTo(fiona.email)).toHaveLength(RESET_REQUEST_LIMITS.perEmail.limit);
    const address = nextIp();
    for (let i = 0; i < RESET_REQUEST_LIMITS.perAddress.limit; i++) expect((await askReset(`someone-${i}@example.test`, address)).status).toBe(202);
    expect((await askReset("one-more@example.test", address)).status).toBe(429);
  });
});

describe("POST /api/account/password-reset/confirm (R16.2)", () => {
  it("sets the new password once; the link is refused a second time; sessions from before are refused", async () => {
    const fiona = await makeUser(prisma, "FREELANCER");
    const before = await signedInCookie(fiona.email);
    expect(await works(before)).toBe(200);
    await askReset(fiona.email);
    const token = await linkToken(fiona.email, "/reset-password");

    const weak = await useReset(token, "password1234");
    expect(weak.status).toBe(422);
    expect((await bodyOf(weak)).error!.fields).toEqual({ password: "That password is one of the most common ones. Choose something harder to guess." });
    expect(await works(before)).toBe(200); // a refused reset changes nothing

    expect((await useReset(token, NEW_PASSWORD)).status).toBe(200);
    expect(await works(before)).toBe(401);
    const again = await useReset(token, "another fine passphrase");
    expect(again.status).toBe(410);
    expect((await bodyOf(again)).error!.code).toBe("used");
    // the new password signs in, the old one does not
    expect(await works(await signedInCookie(fiona.email, NEW_PASSWORD))).toBe(200);
    expect((await session.POST(request("POST", "/api/session", { json: { email: fiona.email, password: TEST_PASSWORD } }))).status).toBe(401);
    expect((await mailsTo(fiona.email)).map((m) => m.subject)).toEqual(["Choose a new password", "Your password was changed"]);
  });

  it("expires the link at 30 minutes on the portal's clock", async () => {
    const fiona = await makeUser(prisma, "FREELANCER");
    await askReset(fiona.email);
    const first = await linkToken(fiona.email, "/reset-password");
    const start = clock.at;
    try {
      clock.at = new Date(start.getTime() + 29 * 60_000 + 59_000);
      await askReset(fiona.email);
      const second = await linkToken(fiona.email, "/reset-password");
      clock.at = new Date(start.getTime() + 30 * 60_000);
      const late = await useReset(first, NEW_PASSWORD);
      expect(late.status).toBe(410);
      expect((await bodyOf(late)).error!.code).toBe("expired");
      // the second link, asked for a minute before, still has its own 30 minutes
      expect((await useReset(second, NEW_PASSWORD)).status).toBe(200);
    } finally {
      clock.at = start;
    }
  });

  it("using one link ends the account's other reset links", async () => {
    const fiona = await makeUser(prisma, "FREELANCER");
    await askReset(fiona.email);
    const older = await linkToken(fiona.email, "/reset-password");
    await askReset(fiona.email);
    expect((await useReset(await linkToken(fiona.email, "/reset-password"), NEW_PASSWORD)).status).toBe(200);
    expect((await useReset(older, "another fine passphrase")).status).toBe(410);
  });

  it("an unknown token is 404", async () => {
    expect((await useReset("x".repeat(43), NEW_PASSWORD)).status).toBe(404);
  });
});

describe("PUT /api/account/password", () => {
  const change = (cookie: string, currentPassword: string, newPassword: string) =>
    passwordRoute.PUT(request("PUT", "/api/account/password", { cookie, json: { currentPassword, newPassword } }), noParams);

  it("asks for the current password; the new one must be strong and different; other sessions end, this one stays", async () => {
    const fiona = await makeUser(prisma, "FREELANCER");
    const laptop = await signedInCookie(fiona.email);
    const phone = await signedInCookie(fiona.email);

    const wrong = await change(phone, "not my password at all", NEW_PASSWORD);
    expect(wrong.status).toBe(422);
    expect((await bodyOf(wrong)).error!.fields).toEqual({ currentPassword: "That is not your current password." });
    const short = await change(phone, TEST_PASSWORD, "short");
    expect((await bodyOf(short)).error!.fields).toEqual({ newPassword: "Use at least 12 characters." });
    const same = await change(phone, TEST_PASSWORD, TEST_PASSWORD);
    expect((await bodyOf(same)).error!.fields).toEqual({ newPassword: "Choose a password different from your current one." });
    expect(await works(laptop)).toBe(200);

    scope.jar.clear();
    const ok = await change(phone, TEST_PASSWORD, NEW_PASSWORD);
    expect(ok.status).toBe(200);
    const renewed = cookieOfJar(); // the cookie the route set for the browser that asked
    expect(await works(laptop)).toBe(401);
    expect(await works(phone)).toBe(401); // the old cookie of this browser, too
    expect(await works(renewed)).toBe(200);
    expect(await works(await signedInCookie(fiona.email, NEW_PASSWORD))).toBe(200);
    expect((await mailsTo(fiona.email)).map((m) => m.subject)).toEqual(["Your password was changed"]);
  });

  it("after too many wrong current passwords answers 429 with Retry-After, even for the right one", async () => {
    const fiona = await makeUser(prisma, "FREELANCER");
    const cookie = await signedInCookie(fiona.email);
    for (let i = 0; i < CURRENT_PASSWORD_LIMIT.limit; i++) expect((await change(cookie, `wrong guess number ${i}`, NEW_PASSWORD)).status).toBe(422);
    const refused = await change(cookie, TEST_PASSWORD, NEW_PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await works(cookie)).toBe(200);
  });
});

describe("POST /api/account/email and /api/account/email/confirm", () => {
  const ask = (cookie: string, newEmail: string, currentPassword = TEST_PASSWORD) =>
    emailRoute.POST(request("POST", "/api/account/email", { cookie, json: { newEmail, currentPassword } }), noParams);
  const confirm = (cookie: string, token: string) => emailConfirm.POST(request("POST", "/api/account/email/confirm", { cookie, json: { token } }), noParams);

  it("changes the email only once the new address confirms; the old address is told; the link works once", async () => {
    const clara = await makeUser(prisma, "FREELANCER"); // the tracker-token list, which `works` reads, is for freelancers
    const cookie = await signedInCookie(clara.email);
    const newEmail = `new-${randomBytes(4).toString("hex")}@example.test`;
    expect((await ask(cookie, newEmail, "not my password at all")).status).toBe(422);
    const asked = await ask(cookie, newEmail.toUpperCase());
    expect(asked.status).toBe(202);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: clara.id } })).email).toBe(clara.email);

    const token = await linkToken(newEmail, "/settings/account/confirm-email");
    const other = await makeUser(prisma, "CLIENT");
    const wrongAccount = await confirm(await signedInCookie(other.email), token);
    expect(wrongAccount.status).toBe(404);

    expect((await confirm(cookie, token)).status).toBe(200);
    const after = await prisma.user.findUniqueOrThrow({ where: { id: clara.id } });
    expect(after.email).toBe(newEmail);
    expect(after.emailConfirmedAt).not.toBeNull();
    expect(await works(cookie)).toBe(200); // Choice: an email change keeps the sessions
    expect((await mailsTo(clara.email)).map((m) => m.subject)).toEqual(["Your email address was changed"]);
    expect((await confirm(cookie, token)).status).toBe(410);
    expect(await works(await signedInCookie(newEmail))).toBe(200);
  });

  it("answers the same when the new address has an account: that address gets a note, nothing changes", async () => {
    const clara = await makeUser(prisma, "CLIENT");
    const taken = await makeUser(prisma, "FREELANCER");
    const res = await ask(await signedInCookie(clara.email), taken.email);
    expect(res.status).toBe(202);
    expect((await mailsTo(taken.email)).map((m) => m.subject)).toEqual(["This address already has an account"]);
    expect(await prisma.linkToken.count({ where: { userId: clara.id, purpose: "email_change" } })).toBe(0);
    const same = await ask(await signedInCookie(clara.email), clara.email);
    expect((await bodyOf(same)).error!.fields).toEqual({ newEmail: "That is already your email address." });
  });
});

describe("DELETE /api/account/sessions", () => {
  it("signs out every other session; the browser that asked stays signed in", async () => {
    const fiona = await makeUser(prisma, "FREELANCER");
    const laptop = await signedInCookie(fiona.email);
    const phone = await signedInCookie(fiona.email);
    scope.jar.clear();
    expect((await sessionsRoute.DELETE(request("DELETE", "/api/account/sessions", { cookie: phone }), noParams)).status).toBe(200);
    expect(await works(laptop)).toBe(401);
    expect(await works(cookieOfJar())).toBe(200);
  });
});

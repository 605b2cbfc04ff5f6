// R16.3 signing in with two-step verification on, through POST /api/session with next-auth loaded for
// real on a real PostgreSQL: the right password alone answers 401 second_factor_required and sets no
// session; the grant is issued only with a right code, once per code (TOTP step or recovery code).
import { randomBytes } from "node:crypto";
import type { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { registerNextAuthShims, requestScope } from "@/tests/support/route-harness";

process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
const scope = Object.assign(requestScope, { jar: new Map<string, string>() });
registerNextAuthShims();

const { NextRequest: Request } = await import("next/server");
const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser, TEST_PASSWORD } = await import("@/tests/support/factories");
const { startEnrolment, confirmEnrolment } = await import("@/lib/auth/second-factor-enrolment");
const { totpCode } = await import("@/lib/auth/totp");
const session = await import("@/app/api/session/route");
const { prisma } = await setupTestDatabase();

const ORIGIN = "http://portal.test";
let ip = 0;

function request(json: unknown): NextRequest {
  const headers = new Headers({ host: "portal.test", origin: ORIGIN, "sec-fetch-site": "same-origin", "content-type": "application/json", "x-forwarded-for": `10.16.3.${++ip}` });
  scope.headers = headers;
  return new Request(`${ORIGIN}/api/session`, { method: "POST", headers, body: JSON.stringify(json) });
}

/** Signs in from a fresh browser; answers the status, the error code and whether a session cookie was set. */
async function signIn(json: Record<string, string>) {
  scope.jar.clear();
  const res = await session.POST(request(json));
  const body = (await res.json()) as { error?: { code: string; fields?: Record<string, string> } };
  return { status: res.status, code: body.error?.code, fields: body.error?.fields, signedIn: [...scope.jar.keys()].some((k) => k.includes("session-token")) };
}

const codeOf = (secret: string, steps = 0) => totpCode(secret, Date.now() + steps * 30_000);

async function enrolled() {
  const user = await makeUser(prisma, "FREELANCER");
  const { secret } = await startEnrolment(user, new Date());
  const { recoveryCodes } = await confirmEnrolment(user.id, codeOf(secret), new Date());
  return { user, secret, recoveryCodes };
}

describe("POST /api/session with two-step verification on", () => {
  it("the password alone asks for a code and signs nobody in; a wrong password still says only that", async () => {
    const { user } = await enrolled();
    expect(await signIn({ email: user.email, password: TEST_PASSWORD })).toMatchObject({ status: 401, code: "second_factor_required", signedIn: false });
    expect(await signIn({ email: user.email, password: "not the password", code: "123456" })).toMatchObject({ status: 401, code: "invalid_credentials", signedIn: false });
  });

  it("a right code signs in once: the same code again (a replay) and a wrong one are refused", async () => {
    const { user, secret } = await enrolled(); // used this step's code
    expect(await signIn({ email: user.email, password: TEST_PASSWORD, code: codeOf(secret) })).toMatchObject({ status: 422, code: "second_factor_invalid", signedIn: false });
    const next = codeOf(secret, 1);
    expect(await signIn({ email: user.email, password: TEST_PASSWORD, code: next })).toMatchObject({ status: 200, signedIn: true });
    expect(await signIn({ email: user.email, password: TEST_PASSWORD, code: next })).toMatchObject({ status: 422, code: "second_factor_invalid", signedIn: false });
    const wrong = next === "000000" ? "111111" : "000000";
    const refused = await signIn({ email: user.email, password: TEST_PASSWORD, code: wrong });
    expect(refused).toMatchObject({ status: 422, code: "second_factor_invalid", signedIn: false });
    expect(refused.fields?.code).toBeTruthy();
  });

  it("a recovery code signs in once", async () => {
    const { user, recoveryCodes } = await enrolled();
    expect(await signIn({ email: user.email, password: TEST_PASSWORD, code: recoveryCodes[4]! })).toMatchObject({ status: 200, signedIn: true });
    expect(await signIn({ email: user.email, password: TEST_PASSWORD, code: recoveryCodes[4]! })).toMatchObject({ status: 422, signedIn: false });
  });

  it("without two-step verification the password is enough", async () => {
    const user = await makeUser(prisma, "CLIENT");
    expect(await signIn({ email: user.email, password: TEST_PASSWORD })).toMatchObject({ status: 200, signedIn: true });
  });
});

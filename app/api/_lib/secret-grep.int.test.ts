// Issue 20: never a secret, a password, a token or an account number in a log line. The code paths that
// touch secrets run here through the real route handlers on a real PostgreSQL (next-auth loaded for real)
// while every line of the real logger goes to a stream this test keeps, with console.* routed through the
// logger as in production; the worker sends the emails over real SMTP; the realtime CLI starts as a real
// process in production mode with the secrets in its environment. Then the captured text is grepped for
// every secret value used. The emails queued by a request carry its request id into the worker's line.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { registerNextAuthShims, requestScope } from "@/tests/support/route-harness";

const SECRETS = {
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  PUSHER_SECRET: `pusher-${randomBytes(24).toString("hex")}`,
  S3_ACCESS_KEY_ID: "AKIAGREPTEST7EXAMPLE",
  S3_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYgrepTESTKEY",
  METRICS_TOKEN: `metrics-${randomBytes(16).toString("hex")}`,
};
Object.assign(process.env, SECRETS);
const scope = Object.assign(requestScope, { jar: new Map<string, string>() });
registerNextAuthShims();

const { NextRequest: Request } = await import("next/server");
const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser, TEST_PASSWORD } = await import("@/tests/support/factories");
const { startTestSmtp } = await import("@/tests/support/smtp");
const { setLogDestination, routeConsoleThroughLogger } = await import("@/lib/observability/log");
const { runWithRequestContext } = await import("@/lib/observability/request-context");
const { startEnrolment, confirmEnrolment } = await import("@/lib/auth/second-factor-enrolment");
const { totpCode } = await import("@/lib/auth/totp");
const { sendDueEmails } = await import("@/lib/mail/send-outbox");
const { errorResponse } = await import("@/app/api/_lib/respond");
const routes = {
  signUp: await import("@/app/api/accounts/sign-up/route"),
  session: await import("@/app/api/session/route"),
  resetRequest: await import("@/app/api/account/password-reset/route"),
  resetConfirm: await import("@/app/api/account/password-reset/confirm/route"),
  trackerTokens: await import("@/app/api/settings/tracker-tokens/route"),
  trackerMe: await import("@/app/api/tracker/v1/me/route"),
  payoutMethods: await import("@/app/api/payout-methods/route"),
  billingMethods: await import("@/app/api/billing-methods/route"),
};
const { prisma } = await setupTestDatabase();
const smtp = await startTestSmtp();
process.env.SMTP_URL = smtp.url;

const captured: string[] = [];
setLogDestination({ write: (line: string) => void captured.push(line) }, true);
routeConsoleThroughLogger();
afterAll(async () => {
  setLogDestination(null);
  await smtp.close();
});

const ORIGIN = "http://portal.test";
const noParams = { params: Promise.resolve({} as Record<string, never>) };
let ip = 0;

function request(method: string, path: string, opts: { json?: unknown; cookie?: string; authorization?: string } = {}): NextRequest {
  const headers = new Headers({ host: "portal.test", origin: ORIGIN, "sec-fetch-site": "same-origin", "content-type": "application/json", "x-forwarded-for": `10.20.0.${++ip}` });
  if (opts.cookie) headers.set("cookie", opts.cookie);
  if (opts.authorization) headers.set("authorization", opts.authorization);
  scope.headers = headers;
  return new Request(`${ORIGIN}${path}`, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
}

async function signIn(json: Record<string, string>): Promise<{ status: number; cookie: string }> {
  scope.jar.clear();
  const res = await routes.session.POST(request("POST", "/api/session", { json }));
  return { status: res.status, cookie: [...scope.jar].map(([name, value]) => `${name}=${value}`).join("; ") };
}

/** Every secret value the paths below handle; none may appear in any captured line. */
const used = new Map<string, string>(Object.entries(SECRETS));

describe("the logs hold no secret", () => {
  it("through sign-up, sign-in, a reset link, a two-step code, a tracker token, bank and card details, start-up and a thrown error", async () => {
    // sign-up with a password, and a sign-in with a wrong one and the right one
    const signUpPassword = "marmalade cobalt lantern 41";
    used.set("sign-up password", signUpPassword);
    const signUpRes = await runWithRequestContext({ requestId: "req-signup-0001" }, () =>
      routes.signUp.POST(request("POST", "/api/accounts/sign-up", { json: { name: "Grep Tester", email: `grep-${ip}@test.example`, password: signUpPassword } }), noParams),
    );
    expect(signUpRes.status).toBe(202);
    const freelancer = await makeUser(prisma, "FREELANCER");
    used.set("password", TEST_PASSWORD).set("wrong password", "wrong-horse-battery-77");
    expect((await signIn({ email: freelancer.email, password: "wrong-horse-battery-77" })).status).toBe(401);

    // a password reset link, used with a new password, then a sign-in with it
    expect((await runWithRequestContext({ requestId: "req-reset-00001" }, () => routes.resetRequest.POST(request("POST", "/api/account/password-reset", { json: { email: freelancer.email } }), noParams))).status).toBe(202);
    const resetMail = await prisma.emailOutbox.findFirstOrThrow({ where: { toAddress: freelancer.email }, orderBy: { createdAt: "desc" } });
    const resetToken = /\?token=([\w-]+)/.exec(resetMail.textBody)![1]!;
    used.set("reset token", resetToken).set("new password", "violet tangerine harbour 9");
    expect((await routes.resetConfirm.POST(request("POST", "/api/account/password-reset/confirm", { json: { token: resetToken, password: "violet tangerine harbour 9" } }), noParams)).status).toBe(200);
    const { status, cookie } = await signIn({ email: freelancer.email, password: "violet tangerine harbour 9" });
    expect(status).toBe(200);

    // two-step verification: the enrolment secret, and a recovery code at sign-in
    const admin = await makeUser(prisma, "CLIENT");
    const { secret } = await startEnrolment(admin, new Date());
    const { recoveryCodes } = await confirmEnrolment(admin.id, totpCode(secret, Date.now()), new Date());
    used.set("TOTP secret", secret).set("recovery code", recoveryCodes[0]!);
    expect((await signIn({ email: admin.email, password: TEST_PASSWORD, code: recoveryCodes[0]! })).status).toBe(200);

    // a tracker token: made, used, and a wrong one tried
    const made = await routes.trackerTokens.POST(request("POST", "/api/settings/tracker-tokens", { json: { name: "Grep laptop" }, cookie }), noParams);
    expect(made.status).toBe(201);
    const trackerToken = ((await made.json()) as { token: { token: string } }).token.token;
    used.set("tracker token", trackerToken).set("forged token", "hgt_forgedForgedForged1234567890");
    expect((await routes.trackerMe.GET(request("GET", "/api/tracker/v1/me", { authorization: `Bearer ${trackerToken}` }), noParams)).status).toBe(200);
    expect((await routes.trackerMe.GET(request("GET", "/api/tracker/v1/me", { authorization: "Bearer hgt_forgedForgedForged1234567890" }), noParams)).status).toBe(401);

    // a bank payout method and a billing card and bank account
    used.set("payout account number", "987654321012");
    const payout = await routes.payoutMethods.POST(request("POST", "/api/payout-methods", { cookie, json: { kind: "ACH", accountHolder: "Fiona Free", routingNumber: "011000015", accountNumber: "987654321012" } }), noParams);
    expect(payout.status).toBe(201);
    const client = await makeUser(prisma, "CLIENT");
    const clientCookie = (await signIn({ email: client.email, password: TEST_PASSWORD })).cookie;
    used.set("card number", "4242424242424242").set("card number as typed", "4242 4242 4242 4242").set("billing account number", "000123456789");
    const card = await routes.billingMethods.POST(request("POST", "/api/billing-methods", { cookie: clientCookie, json: { kind: "CARD", cardNumber: "4242 4242 4242 4242", expiry: "12/39", cvc: "123" } }), noParams);
    expect(card.status).toBe(201);
    const bank = await routes.billingMethods.POST(request("POST", "/api/billing-methods", { cookie: clientCookie, json: { kind: "BANK_ACCOUNT", accountHolder: "Clara Client", routingNumber: "011000015", accountNumber: "000123456789" } }), noParams);
    expect(bank.status).toBe(201);

    // an error whose message holds a token, and a careless line quoting the environment
    expect(errorResponse(new Error(`token ${trackerToken} refused; link ${resetToken}; Authorization: Bearer ${trackerToken}`)).status).toBe(500);
    console.log("starting with", { ...process.env });
    console.error(`S3 said no for ${SECRETS.S3_ACCESS_KEY_ID}:${SECRETS.S3_SECRET_ACCESS_KEY}`);

    // the worker sends the queued emails; each line names the request that queued it, not the link's token
    const run = await sendDueEmails(() => new Date(Date.now() + 60_000));
    expect(run).toMatchObject({ failed: 0 });
    const sent = captured.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "mail: sent");
    expect(sent.map((l) => l.requestId)).toEqual(expect.arrayContaining(["req-signup-0001", "req-reset-00001"]));
    expect(resetMail.requestId).toBe("req-reset-00001");

    const text = captured.join("");
    expect(text).toContain("[redacted]"); // the careless lines above were written, and cut
    for (const [what, value] of used) expect(text.includes(value), `${what} (${value}) appears in a log line`).toBe(false);
  });

  it("and the realtime server started in production prints none of its secrets", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "realtime/cli.ts"], {
      env: { ...process.env, HOURGLASS_MODE: "production", LOG_FORMAT: "", REALTIME_DEBUG: "1", REALTIME_PORT: "0", PUSHER_APP_ID: "grep-app", PUSHER_KEY: "grep-key-public" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let out = "";
    try {
      await new Promise<void>((resolve, reject) => {
        const onData = (c: Buffer) => {
          out += c.toString();
          if (out.includes("listening")) resolve();
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.on("exit", (code) => reject(new Error(`realtime CLI exited (${code}): ${out}`)));
      });
    } finally {
      process.kill(-child.pid!, "SIGTERM");
    }
    const lines = out.trim().split("\n");
    expect(lines.every((l) => l.startsWith("{"))).toBe(true); // JSON lines in production
    for (const [name, value] of Object.entries(SECRETS)) expect(out.includes(value), `${name} appears in the realtime server's output`).toBe(false);
  });
});

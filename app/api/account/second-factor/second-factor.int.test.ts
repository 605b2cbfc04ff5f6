// R16.3 two-step verification through the route handlers, as Next calls them, on a real PostgreSQL:
// enrolment with a first code and 10 recovery codes shown once, a code asked before withdrawals and
// payout-method changes, a wrong, replayed or used code refused, 5 wrong codes per 15 minutes, turning off.
// TOTP codes follow the real clock (as a phone does): they are computed here from the shown secret.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { routeRequest, noParams, routeContext } from "@/tests/support/route-harness";
import type { CurrentUser } from "@/lib/auth/current-user";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
const clock = vi.hoisted(() => ({ now: new Date("2024-06-12T15:05:00Z") }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));
vi.mock("@/lib/clock", () => ({ now: () => clock.now, appMode: () => "test" }));
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeUser, TEST_PASSWORD } = await import("@/tests/support/factories");
const { fundAvailable } = await import("@/tests/support/ledger");
const { setNoticeSink } = await import("@/lib/realtime/notify");
const { setPayoutProviderForTests } = await import("@/lib/payouts/provider");
const { SandboxPayoutProvider } = await import("@/lib/payouts/sandbox-provider");
const { totpCode } = await import("@/lib/auth/totp");
const { prisma } = await setupTestDatabase();

const factorRoute = await import("@/app/api/account/second-factor/route");
const enrolmentRoute = await import("@/app/api/account/second-factor/enrolment/route");
const recoveryRoute = await import("@/app/api/account/second-factor/recovery-codes/route");
const withdrawalsRoute = await import("@/app/api/withdrawals/route");
const methodsRoute = await import("@/app/api/payout-methods/route");
const methodRoute = await import("@/app/api/payout-methods/[id]/route");
const resetRoute = await import("@/app/api/admin/users/[id]/second-factor/route");

const NOW = new Date("2024-06-12T15:05:00Z");
const as = (user: CurrentUser) => (session.user = user);
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } }).error;
/** The code of the step `steps` away from now (0 now, 1 the next): each step's code works once. */
const codeOf = (secret: string, steps = 0) => totpCode(secret, Date.now() + steps * 30_000);

beforeAll(() => {
  setNoticeSink(() => undefined);
  setPayoutProviderForTests(new SandboxPayoutProvider({ settleAfterMs: 0 }));
});

/** Enrols `user` through the routes; answers the secret and the recovery codes. */
/** `usedAt`: the instant whose code turned it on (codes follow the real clock, which may cross a 30 s step mid-test). */
async function enrol(user: CurrentUser): Promise<{ secret: string; recoveryCodes: string[]; usedAt: number }> {
  as(user);
  const started = await enrolmentRoute.POST(routeRequest("/api/account/second-factor/enrolment", { method: "POST" }), noParams);
  expect(started.status).toBe(201);
  const { secret } = (await started.json()) as { secret: string };
  const usedAt = Date.now();
  const confirmed = await factorRoute.POST(routeRequest("/api/account/second-factor", { method: "POST", json: { code: totpCode(secret, usedAt) } }), noParams);
  expect(confirmed.status).toBe(200);
  const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
  return { secret, recoveryCodes, usedAt };
}

const status = async () => (await (await factorRoute.GET(routeRequest("/api/account/second-factor"), noParams)).json()) as { enabled: boolean; recoveryCodesLeft: number };

describe("enrolment", () => {
  it("shows a QR code and the secret; only a right first code turns it on, with 10 recovery codes stored hashed", async () => {
    const fay = await makeUser(prisma, "FREELANCER");
    as(fay);
    const started = await enrolmentRoute.POST(routeRequest("/api/account/second-factor/enrolment", { method: "POST" }), noParams);
    const body = (await started.json()) as { secret: string; uri: string; qrDataUrl: string };
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.uri).toContain(`secret=${body.secret}`);
    expect(Buffer.from(body.qrDataUrl.replace("data:image/svg+xml;base64,", ""), "base64").toString()).toContain("<svg");
    const stored = await prisma.secondFactor.findUniqueOrThrow({ where: { userId: fay.id } });
    expect(stored.secretEncrypted).not.toContain(body.secret);
    expect(stored.enabledAt).toBeNull();

    const wrong = await factorRoute.POST(routeRequest("/api/account/second-factor", { method: "POST", json: { code: "000000" === codeOf(body.secret) ? "111111" : "000000" } }), noParams);
    expect(wrong.status).toBe(422);
    expect((await errorOf(wrong)).fields?.code).toBeTruthy();
    expect(await status()).toMatchObject({ enabled: false });

    const ok = await factorRoute.POST(routeRequest("/api/account/second-factor", { method: "POST", json: { code: codeOf(body.secret) } }), noParams);
    expect(ok.status).toBe(200);
    const { recoveryCodes } = (await ok.json()) as { recoveryCodes: string[] };
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await status()).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    const hashes = await prisma.recoveryCode.findMany({ where: { userId: fay.id } });
    expect(hashes.map((h) => h.codeHash)).not.toContain(recoveryCodes[0]);
    // announced by an account email, in the same transaction
    const mails = await prisma.emailOutbox.findMany({ where: { userId: fay.id } });
    expect(mails).toEqual([expect.objectContaining({ toAddress: fay.email, kind: "account", subject: "Two-step verification is on" })]);
    expect(mails[0]!.textBody).toContain("/settings/security");

    // on already: a second enrolment would replace the app in use
    expect((await enrolmentRoute.POST(routeRequest("/api/account/second-factor/enrolment", { method: "POST" }), noParams)).status).toBe(409);
  });

  it("new recovery codes need a code; the old ones stop working", async () => {
    const fred = await makeUser(prisma, "FREELANCER");
    const { secret, recoveryCodes } = await enrol(fred);
    const without = await recoveryRoute.POST(routeRequest("/api/account/second-factor/recovery-codes", { method: "POST" }), noParams);
    expect(without.status).toBe(401);
    expect((await errorOf(without)).code).toBe("second_factor_required");
    const fresh = await recoveryRoute.POST(routeRequest("/api/account/second-factor/recovery-codes", { method: "POST", json: { code: codeOf(secret, 1) } }), noParams);
    expect(fresh.status).toBe(200);
    const { recoveryCodes: next } = (await fresh.json()) as { recoveryCodes: string[] };
    expect(next).toHaveLength(10);
    expect(await prisma.emailOutbox.count({ where: { userId: fred.id, subject: "New recovery codes" } })).toBe(1);
    const old = await recoveryRoute.POST(routeRequest("/api/account/second-factor/recovery-codes", { method: "POST", json: { code: recoveryCodes[0] } }), noParams);
    expect(old.status).toBe(422);
  });

  it("turning it off asks for a code; admins cannot turn it off", async () => {
    const fern = await makeUser(prisma, "FREELANCER");
    const { recoveryCodes } = await enrol(fern);
    expect((await factorRoute.DELETE(routeRequest("/api/account/second-factor", { method: "DELETE" }), noParams)).status).toBe(401);
    expect((await factorRoute.DELETE(routeRequest("/api/account/second-factor", { method: "DELETE", json: { code: recoveryCodes[3] } }), noParams)).status).toBe(204);
    expect(await status()).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect(await prisma.recoveryCode.count({ where: { userId: fern.id } })).toBe(0);
    expect((await prisma.emailOutbox.findMany({ where: { userId: fern.id } })).map((m) => m.subject).sort()).toEqual([
      "Two-step verification is off",
      "Two-step verification is on",
    ]);

    const ada = await makeUser(prisma, "ADMIN", { secondFactor: false });
    const admin = await enrol(ada);
    const refused = await factorRoute.DELETE(routeRequest("/api/account/second-factor", { method: "DELETE", json: { code: admin.recoveryCodes[0] } }), noParams);
    expect(refused.status).toBe(403);
    expect(await status()).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
  });
});

describe("audit log (R16.3)", () => {
  it("turning it on, new recovery codes and turning it off are audited: who and when, never the secret or the codes", async () => {
    const fitz = await makeUser(prisma, "FREELANCER");
    const { secret, recoveryCodes } = await enrol(fitz);
    const renewed = await recoveryRoute.POST(routeRequest("/api/account/second-factor/recovery-codes", { method: "POST", json: { code: codeOf(secret, 1) } }), noParams);
    const { recoveryCodes: next } = (await renewed.json()) as { recoveryCodes: string[] };
    expect((await factorRoute.DELETE(routeRequest("/api/account/second-factor", { method: "DELETE", json: { code: next[0] } }), noParams)).status).toBe(204);

    const entries = await prisma.auditLog.findMany({ where: { entityType: "user", entityId: fitz.id }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.actorId, e.createdAt.toISOString()])).toEqual([
      ["user.second_factor_on", fitz.id, NOW.toISOString()],
      ["user.recovery_codes_renewed", fitz.id, NOW.toISOString()],
      ["user.second_factor_off", fitz.id, NOW.toISOString()],
    ]);
    const written = JSON.stringify(entries.map((e) => [e.before, e.after]));
    for (const kept of [secret, ...recoveryCodes, ...next]) expect(written).not.toContain(kept);
  });
});

describe("an admin resets a locked-out user's two-step verification (R16.3)", () => {
  const reset = (userId: string, json?: { code: string }) =>
    resetRoute.DELETE(routeRequest(`/api/admin/users/${userId}/second-factor`, { method: "DELETE", json }), routeContext({ id: userId }));

  it("asks the admin's own code; turns it off, deletes the recovery codes, signs the user out everywhere, mails and audits", async () => {
    const flo = await makeUser(prisma, "FREELANCER");
    const { recoveryCodes: flosCodes } = await enrol(flo);
    const ada = await makeUser(prisma, "ADMIN", { secondFactor: false });
    const admin = await enrol(ada);
    const before = await prisma.user.findUniqueOrThrow({ where: { id: flo.id } });

    expect((await errorOf(await reset(flo.id))).code).toBe("second_factor_required");
    const wrong = await reset(flo.id, { code: flosCodes[0]! }); // the user's code is not the admin's
    expect(wrong.status).toBe(422);
    expect(await prisma.secondFactor.count({ where: { userId: flo.id } })).toBe(1);

    expect((await reset(flo.id, { code: admin.recoveryCodes[0]! })).status).toBe(204);
    expect(await prisma.secondFactor.count({ where: { userId: flo.id } })).toBe(0);
    expect(await prisma.recoveryCode.count({ where: { userId: flo.id } })).toBe(0);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: flo.id } })).sessionVersion).toBe(before.sessionVersion + 1);
    const mail = await prisma.emailOutbox.findMany({ where: { userId: flo.id, subject: "An admin reset your two-step verification" } });
    expect(mail).toEqual([expect.objectContaining({ toAddress: flo.email, kind: "account" })]);
    const audit = await prisma.auditLog.findMany({ where: { entityId: flo.id, action: "user.second_factor_reset" } });
    expect(audit).toEqual([expect.objectContaining({ actorId: ada.id, entityType: "user", createdAt: NOW })]);

    // nothing left to reset
    expect((await reset(flo.id, { code: admin.recoveryCodes[1]! })).status).toBe(409);
  });

  it("not the admin's own (409), 404 for an unknown user, and admins only", async () => {
    const ada = await makeUser(prisma, "ADMIN", { secondFactor: false });
    const admin = await enrol(ada);
    expect((await reset(ada.id, { code: admin.recoveryCodes[0]! })).status).toBe(409);
    expect(await prisma.secondFactor.count({ where: { userId: ada.id, enabledAt: { not: null } } })).toBe(1);
    expect((await reset("00000000-0000-4000-8000-000000000000", { code: admin.recoveryCodes[0]! })).status).toBe(404);

    const fay = await makeUser(prisma, "FREELANCER");
    const { recoveryCodes } = await enrol(fay);
    const other = await makeUser(prisma, "FREELANCER");
    await enrol(other);
    as(fay);
    expect((await reset(other.id, { code: recoveryCodes[0]! })).status).toBe(403);
    expect(await prisma.secondFactor.count({ where: { userId: other.id } })).toBe(1);
  });
});

describe("withdrawals ask for a code when it is on", () => {
  const post = (json: Record<string, unknown>, key: string) =>
    withdrawalsRoute.POST(routeRequest("/api/withdrawals", { method: "POST", json, headers: { "idempotency-key": key } }), noParams);

  it("refused without a code (401, nothing booked), with a wrong or replayed code (422); paid with a right one", async () => {
    const pat = await makeUser(prisma, "FREELANCER");
    const method = await fundAvailable(prisma, pat.id, 20_000, NOW);
    // the enrolment used the code of usedAt's step; the step after it is fresh even if the real clock has moved on one step
    const { secret, usedAt } = await enrol(pat);

    const without = await post({ amountCents: 5_000, methodId: method, password: TEST_PASSWORD }, "tfa-key-0001");
    expect(without.status).toBe(401);
    expect(await errorOf(without)).toMatchObject({ code: "second_factor_required" });
    const replayed = await post({ amountCents: 5_000, methodId: method, password: TEST_PASSWORD, code: totpCode(secret, usedAt) }, "tfa-key-0001");
    expect(replayed.status).toBe(422);
    expect(await errorOf(replayed)).toMatchObject({ code: "second_factor_invalid", fields: { code: expect.stringContaining("just used") } });
    expect(await prisma.withdrawal.count({ where: { userId: pat.id } })).toBe(0);

    const paid = await post({ amountCents: 5_000, methodId: method, password: TEST_PASSWORD, code: totpCode(secret, usedAt + 30_000) }, "tfa-key-0001");
    expect(paid.status).toBe(201);
    expect(await prisma.withdrawal.count({ where: { userId: pat.id } })).toBe(1);
  });

  it("a recovery code works once; 5 wrong codes in 15 minutes lock it (429 with Retry-After) until they age out", async () => {
    const pia = await makeUser(prisma, "FREELANCER");
    const method = await fundAvailable(prisma, pia.id, 20_000, NOW);
    const { recoveryCodes } = await enrol(pia);
    const code = recoveryCodes[0]!.toUpperCase().replace("-", " "); // as typed from a printout
    expect((await post({ amountCents: 1_000, methodId: method, password: TEST_PASSWORD, code }, "rc-key-0001")).status).toBe(201);
    const again = await post({ amountCents: 1_000, methodId: method, password: TEST_PASSWORD, code: recoveryCodes[0] }, "rc-key-0002");
    expect(again.status).toBe(422);
    expect(await prisma.recoveryCode.count({ where: { userId: pia.id, usedAt: null } })).toBe(9);

    for (let i = 0; i < 4; i++) expect((await post({ amountCents: 1_000, methodId: method, password: TEST_PASSWORD, code: `wrong-${i}` }, "rc-key-0002")).status).toBe(422);
    const locked = await post({ amountCents: 1_000, methodId: method, password: TEST_PASSWORD, code: recoveryCodes[1] }, "rc-key-0002");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await prisma.recoveryCode.count({ where: { userId: pia.id, usedAt: null } })).toBe(9); // not used up while locked

    clock.now = new Date(NOW.getTime() + 15 * 60_000 + 1_000);
    try {
      expect((await post({ amountCents: 1_000, methodId: method, password: TEST_PASSWORD, code: recoveryCodes[1] }, "rc-key-0002")).status).toBe(201);
    } finally {
      clock.now = NOW;
    }
  });

  it("without two-step verification nothing more is asked", async () => {
    const pam = await makeUser(prisma, "FREELANCER");
    const method = await fundAvailable(prisma, pam.id, 20_000, NOW);
    as(pam);
    expect((await post({ amountCents: 1_000, methodId: method, password: TEST_PASSWORD }, "plain-key-0001")).status).toBe(201);
  });
});

describe("payout-method changes ask for a code when it is on", () => {
  it("adding, making default and removing a method", async () => {
    const pru = await makeUser(prisma, "FREELANCER");
    const { secret, recoveryCodes } = await enrol(pru);
    const ach = { kind: "ACH", accountHolder: "Pru Example", routingNumber: "011000015", accountNumber: "12345678" };
    const add = (json: unknown) => methodsRoute.POST(routeRequest("/api/payout-methods", { method: "POST", json }), noParams);
    const without = await add(ach);
    expect(without.status).toBe(401);
    expect(await errorOf(without)).toMatchObject({ code: "second_factor_required" });
    expect(await prisma.payoutMethod.count({ where: { userId: pru.id } })).toBe(0);
    const added = await add({ ...ach, code: codeOf(secret, 1) });
    expect(added.status).toBe(201);
    const second = await add({ ...ach, accountNumber: "87654321", code: recoveryCodes[0] });
    expect(second.status).toBe(201);
    const { method } = (await second.json()) as { method: { id: string } };

    const ctx = routeContext({ id: method.id });
    expect((await methodRoute.PATCH(routeRequest(`/api/payout-methods/${method.id}`, { method: "PATCH", json: { isDefault: true } }), ctx)).status).toBe(401);
    expect((await methodRoute.PATCH(routeRequest(`/api/payout-methods/${method.id}`, { method: "PATCH", json: { isDefault: true, code: recoveryCodes[1] } }), ctx)).status).toBe(200);
    expect((await methodRoute.DELETE(routeRequest(`/api/payout-methods/${method.id}`, { method: "DELETE" }), ctx)).status).toBe(401);
    expect((await methodRoute.DELETE(routeRequest(`/api/payout-methods/${method.id}`, { method: "DELETE", json: { code: recoveryCodes[2] } }), ctx)).status).toBe(204);
  });
});

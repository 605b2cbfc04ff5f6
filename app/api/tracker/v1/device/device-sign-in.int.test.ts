// The tracker's device sign-in (RFC 8628) through its real route handlers on a real PostgreSQL:
// start, approve or deny at /device, poll for the token, and the token at work on /me. Only the
// clock and the browser session (next-auth) are replaced.
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { makeContract, makeUser } from "@/tests/support/factories";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { DeviceAuthorization } from "@/lib/validation/tracker-device";

const state = vi.hoisted(() => ({ now: new Date("2024-06-12T15:05:00Z"), sessionUserId: null as string | null }));
vi.mock("@/lib/clock", async (original) => ({ ...(await original<typeof import("@/lib/clock")>()), now: () => new Date(state.now) }));
vi.mock("@/lib/auth/config", () => ({ auth: async () => (state.sessionUserId ? { user: { id: state.sessionUserId, sessionVersion: 0 } } : null) }));

const { prisma } = await setupTestDatabase();
const codeRoute = await import("@/app/api/tracker/v1/device/code/route");
const tokenRoute = await import("@/app/api/tracker/v1/device/token/route");
const decisionRoute = await import("@/app/api/device/decision/route");
const meRoute = await import("@/app/api/tracker/v1/me/route");
const tokenRevokeRoute = await import("@/app/api/settings/tracker-tokens/[id]/route");
const tokensRoute = await import("@/app/api/settings/tracker-tokens/route");
const { sweepDeviceAuthorizations } = await import("@/lib/tracker-devices/sweep-device-authorizations");

const NOW = new Date("2024-06-12T15:05:00Z");
const GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const noParams = { params: Promise.resolve({}) };
let addressSeq = 0;

beforeEach(() => {
  state.now = new Date(NOW);
  state.sessionUserId = null;
});

const later = (seconds: number) => {
  state.now = new Date(state.now.getTime() + seconds * 1000);
};

/** POST /device/code from its own client address (the per-address limit is tested on its own). */
async function start(body: Record<string, string> = { device_name: "Work laptop" }, address = `203.0.113.${++addressSeq}`): Promise<Response> {
  const req = new NextRequest("http://portal.test/api/tracker/v1/device/code", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": address },
    body: new URLSearchParams(body).toString(),
  });
  return codeRoute.POST(req, noParams);
}

async function started(deviceName = "Work laptop"): Promise<DeviceAuthorization> {
  const res = await start({ device_name: deviceName });
  expect(res.status).toBe(200);
  return (await res.json()) as DeviceAuthorization;
}

function poll(deviceCode: string, grantType = GRANT): Promise<Response> {
  const req = new NextRequest("http://portal.test/api/tracker/v1/device/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: grantType, device_code: deviceCode }),
  });
  return tokenRoute.POST(req, noParams);
}

async function pollAnswer(deviceCode: string): Promise<{ status: number; body: Record<string, string> }> {
  const res = await poll(deviceCode);
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

function decide(user: CurrentUser, body: Record<string, unknown>): Promise<Response> {
  state.sessionUserId = user.id;
  const req = new NextRequest("http://portal.test/api/device/decision", {
    method: "POST",
    headers: { "content-type": "application/json", host: "portal.test", origin: "http://portal.test" },
    body: JSON.stringify(body),
  });
  return decisionRoute.POST(req, noParams);
}

function me(token: string): Promise<Response> {
  return meRoute.GET(new NextRequest("http://portal.test/api/tracker/v1/me", { headers: { authorization: `Bearer ${token}` } }), noParams);
}

describe("device sign-in (RFC 8628)", () => {
  it("starts with a short code on the portal's /device, approves it, and gives the tracker a token that works once issued", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const fiona = await makeUser(prisma, "FREELANCER");
    const contract = await makeContract(prisma, client, fiona);
    const s = await started("fiona-laptop");
    expect(s).toMatchObject({ expires_in: 600, interval: 5, verification_uri: "http://portal.test/device" });
    expect(s.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(s.verification_uri_complete).toBe(`http://portal.test/device?code=${s.user_code}`);
    // only a hash of the device code is stored
    const row = await prisma.deviceAuthorization.findFirstOrThrow({ where: { userCode: s.user_code.replace("-", "") } });
    expect(JSON.stringify(row)).not.toContain(s.device_code);

    expect(await pollAnswer(s.device_code)).toMatchObject({ status: 400, body: { error: "authorization_pending" } });

    // typed in lower case without the dash, renamed by the freelancer
    const approved = await decide(fiona, { userCode: s.user_code.replace("-", "").toLowerCase(), decision: "approve", deviceName: "Fiona's ThinkPad" });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toEqual({ status: "APPROVED", deviceName: "Fiona's ThinkPad" });

    later(5);
    const issued = await poll(s.device_code);
    expect(issued.status).toBe(200);
    const { access_token, token_type } = (await issued.json()) as { access_token: string; token_type: string };
    expect(token_type).toBe("Bearer");
    const profile = await me(access_token);
    expect(profile.status).toBe(200);
    expect(((await profile.json()) as { contracts: Array<{ id: string }> }).contracts.map((c) => c.id)).toEqual([contract.id]);

    // the device code works once
    later(5);
    expect(await pollAnswer(s.device_code)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // and the code cannot be approved again
    const again = await decide(fiona, { userCode: s.user_code, decision: "approve" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/already used/);

    // an ordinary tracker token, named after the device, listed as a device in Settings > Tracker
    state.sessionUserId = fiona.id;
    const listed = await tokensRoute.GET(new NextRequest("http://portal.test/api/settings/tracker-tokens"), noParams);
    const { tokens } = (await listed.json()) as { tokens: Array<{ id: string; name: string; viaDevice: boolean; lastUsedAt: string | null }> };
    expect(tokens).toEqual([expect.objectContaining({ name: "Fiona's ThinkPad", viaDevice: true, lastUsedAt: NOW.toISOString().replace("15:05:00", "15:05:05") })]);

    // revoked in Settings, it stops at once
    const revoked = await tokenRevokeRoute.DELETE(
      new NextRequest(`http://portal.test/api/settings/tracker-tokens/${tokens[0]!.id}`, { method: "DELETE", headers: { host: "portal.test", origin: "http://portal.test" } }),
      { params: Promise.resolve({ id: tokens[0]!.id }) },
    );
    expect(revoked.status).toBe(204);
    expect((await me(access_token)).status).toBe(401);
  });

  it("answers access_denied once the freelancer denies, and issues no token", async () => {
    const felix = await makeUser(prisma, "FREELANCER");
    const s = await started();
    expect((await decide(felix, { userCode: s.user_code, decision: "deny" })).status).toBe(200);
    expect(await pollAnswer(s.device_code)).toMatchObject({ status: 400, body: { error: "access_denied" } });
    expect(await prisma.trackerToken.count({ where: { userId: felix.id } })).toBe(0);
  });

  it("expires after 10 minutes: the tracker gets expired_token and the page refuses the code", async () => {
    const farah = await makeUser(prisma, "FREELANCER");
    const s = await started();
    later(600);
    expect(await pollAnswer(s.device_code)).toMatchObject({ status: 400, body: { error: "expired_token" } });
    const late = await decide(farah, { userCode: s.user_code, decision: "approve" });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
  });

  it("answers slow_down to a tracker that polls faster than the interval, adding 5 seconds each time", async () => {
    const s = await started();
    expect((await pollAnswer(s.device_code)).body.error).toBe("authorization_pending");
    later(2);
    expect((await pollAnswer(s.device_code)).body.error).toBe("slow_down"); // interval now 10 s
    later(6);
    expect((await pollAnswer(s.device_code)).body.error).toBe("slow_down"); // interval now 15 s
    later(15);
    expect((await pollAnswer(s.device_code)).body.error).toBe("authorization_pending");
    later(5); // still 15 s apart: too soon
    expect((await pollAnswer(s.device_code)).body.error).toBe("slow_down");
  });

  it("refuses an unknown device code, another grant type, and a body without a device code", async () => {
    expect(await pollAnswer("not-a-device-code")).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const other = await poll("x", "authorization_code");
    expect(await other.json()).toMatchObject({ error: "unsupported_grant_type" });
    const empty = await tokenRoute.POST(new NextRequest("http://portal.test/api/tracker/v1/device/token", { method: "POST", body: "" }), noParams);
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: "invalid_request" });
    const noCode = await tokenRoute.POST(
      new NextRequest("http://portal.test/api/tracker/v1/device/token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `grant_type=${encodeURIComponent(GRANT)}` }),
      noParams,
    );
    expect(await noCode.json()).toMatchObject({ error: "invalid_request" });
  });

  it("rate limits guessed codes per freelancer: 10 wrong codes in 15 minutes, then 429 even for a right one", async () => {
    const guesser = await makeUser(prisma, "FREELANCER");
    const honest = await makeUser(prisma, "FREELANCER");
    const s = await started();
    for (let i = 0; i < 10; i++) {
      const wrong = await decide(guesser, { userCode: `BBBB-BBB${"CDFGHJKLMN"[i]}`, decision: "approve" });
      expect(wrong.status).toBe(404);
      expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/No sign-in is waiting for this code/);
    }
    const limited = await decide(guesser, { userCode: s.user_code, decision: "approve" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/Too many wrong codes/);
    expect((await pollAnswer(s.device_code)).body.error).toBe("authorization_pending");
    // another freelancer is not limited by the guesser, and the window moves on
    expect((await decide(honest, { userCode: s.user_code, decision: "deny" })).status).toBe(200);
    later(15 * 60);
    expect((await decide(guesser, { userCode: "BBBB-BBBB", decision: "approve" })).status).toBe(404);
  });

  it("is for freelancers: a client gets 403 with a clear message", async () => {
    const clara = await makeUser(prisma, "CLIENT");
    const s = await started();
    const res = await decide(clara, { userCode: s.user_code, decision: "approve" });
    expect(res.status).toBe(403);
    expect((await pollAnswer(s.device_code)).body.error).toBe("authorization_pending");
  });

  it("rate limits starting sign-ins per client address with 429 and Retry-After", async () => {
    for (let i = 0; i < 20; i++) expect((await start({}, "198.51.100.7")).status).toBe(200);
    const limited = await start({}, "198.51.100.7");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBe(600);
    expect((await start({}, "198.51.100.8")).status).toBe(200);
    later(600);
    expect((await start({}, "198.51.100.7")).status).toBe(200);
  });

  it("links to /device over https when the TLS proxy in front says so", async () => {
    const req = new NextRequest("http://portal.test/api/tracker/v1/device/code", { method: "POST", headers: { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.250" } });
    const body = (await (await codeRoute.POST(req, noParams)).json()) as DeviceAuthorization;
    expect(body.verification_uri).toBe("https://portal.test/device");
  });

  it("names a device the tracker did not name, and refuses a name over 80 characters", async () => {
    const res = await start({});
    const { user_code } = (await res.json()) as DeviceAuthorization;
    expect((await prisma.deviceAuthorization.findFirstOrThrow({ where: { userCode: user_code.replace("-", "") } })).deviceName).toBe("Desktop tracker");
    expect((await start({ device_name: "x".repeat(81) })).status).toBe(422);
  });

  it("sweeps sign-ins that ended without a token a day after they expired, and keeps issued ones", async () => {
    const freelancer = await makeUser(prisma, "FREELANCER");
    const issued = await started();
    await decide(freelancer, { userCode: issued.user_code, decision: "approve" });
    expect((await poll(issued.device_code)).status).toBe(200);
    const abandoned = await started();
    const statusOf = async (s: DeviceAuthorization) => (await prisma.deviceAuthorization.findFirst({ where: { userCode: s.user_code.replace("-", "") }, orderBy: { createdAt: "desc" } }))?.status;
    later(600 + 24 * 3600 - 1);
    await sweepDeviceAuthorizations(state.now);
    expect(await statusOf(abandoned)).toBe("PENDING"); // not yet a day past its expiry
    later(2);
    expect(await sweepDeviceAuthorizations(state.now)).toBeGreaterThanOrEqual(1);
    expect(await statusOf(abandoned)).toBeUndefined();
    expect(await statusOf(issued)).toBe("ISSUED");
  });
});

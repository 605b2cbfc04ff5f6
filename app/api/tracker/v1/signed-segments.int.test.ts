// R15.1 signed segments through the real route handlers on a real PostgreSQL: a device registers its key
// (device sign-in or PUT /api/tracker/v1/key), the ingest refuses what its key did not sign, and manual
// time carries the portal's signature, checkable with the published key. Only the clock, the browser
// session (next-auth) and the realtime transport are replaced.
import { createHash, randomUUID } from "node:crypto";
import sharp from "sharp";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { makeContract, makeUser } from "@/tests/support/factories";
import { makeDeviceKey, registerDeviceKey, signSegmentUpload, type DeviceKey, type SigningDevice } from "@/tests/support/signed-segments";
import { createTrackerToken } from "@/lib/tracker-tokens/create-tracker-token";
import { base64url, fromBase64url } from "@/verifier/src/encoding";
import { keyIdOf, segmentMessage, verifyEd25519, type SignedSegment } from "@/verifier/src/signatures";

const state = vi.hoisted(() => ({ now: new Date("2024-06-12T15:05:00Z"), sessionUserId: null as string | null }));
vi.mock("@/lib/clock", async (original) => ({ ...(await original<typeof import("@/lib/clock")>()), now: () => new Date(state.now) }));
vi.mock("@/lib/auth/config", () => ({ auth: async () => (state.sessionUserId ? { user: { id: state.sessionUserId, sessionVersion: 0 } } : null) }));
vi.mock("@/lib/realtime/publish", () => ({ pusherServer: () => ({ triggerBatch: async () => ({}) }) }));

const { prisma } = await setupTestDatabase();
const segmentsRoute = await import("@/app/api/tracker/v1/segments/route");
const keyRoute = await import("@/app/api/tracker/v1/key/route");
const meRoute = await import("@/app/api/tracker/v1/me/route");
const codeRoute = await import("@/app/api/tracker/v1/device/code/route");
const deviceTokenRoute = await import("@/app/api/tracker/v1/device/token/route");
const decisionRoute = await import("@/app/api/device/decision/route");
const revokeRoute = await import("@/app/api/settings/tracker-tokens/[id]/route");
const { addManualTime } = await import("@/lib/diary/add-manual-time");
const { publishedKeys } = await import("@/lib/proof/portal-keys");

const NOW = new Date("2024-06-12T15:05:00Z");
const noParams = { params: Promise.resolve({}) };
let shot: Buffer;

beforeEach(async () => {
  state.now = new Date(NOW);
  state.sessionUserId = null;
  shot ??= await sharp({ create: { width: 64, height: 40, channels: 3, background: "#336699" } }).jpeg().toBuffer();
});

async function freelancerWithToken(name = "Laptop") {
  const client = await makeUser(prisma, "CLIENT");
  const freelancer = await makeUser(prisma, "FREELANCER");
  const contract = await makeContract(prisma, client, freelancer);
  const { token, id } = await createTrackerToken(freelancer, name, NOW);
  return { client, freelancer, contractId: contract.id, token, tokenId: id };
}

function fields(contractId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    segmentId: randomUUID(),
    contractId,
    slotStart: "2024-06-12T14:00:00Z",
    screenshotTakenAt: "2024-06-12T14:03:17.250Z",
    keyboardCounts: [5, 0, 0, 12, 0, 0, 0, 0, 0, 1],
    mouseCounts: [0, 3, 0, 0, 0, 0, 0, 0, 0, 0],
    memo: "  Login screen  ",
    ...overrides,
  };
}

function postSegment(token: string, segment: Record<string, unknown>, screenshot = shot): Promise<Response> {
  const body = new FormData();
  body.set("segment", JSON.stringify(segment));
  body.set("screenshot", new Blob([new Uint8Array(screenshot)], { type: "image/jpeg" }), "shot.jpg");
  return segmentsRoute.POST(new NextRequest("http://portal.test/api/tracker/v1/segments", { method: "POST", headers: { authorization: `Bearer ${token}` }, body }), noParams);
}

function putKey(token: string, body: unknown): Promise<Response> {
  return keyRoute.PUT(
    new NextRequest("http://portal.test/api/tracker/v1/key", { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
    noParams,
  );
}

async function me(token: string) {
  const res = await meRoute.GET(new NextRequest("http://portal.test/api/tracker/v1/me", { headers: { authorization: `Bearer ${token}` } }), noParams);
  expect(res.status).toBe(200);
  return (await res.json()) as { device: { id: string; keyId: string | null } };
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } }).error;
}

const segmentCount = (contractId: string) => prisma.segment.count({ where: { contractId } });

describe("PUT /api/tracker/v1/key (R15.1)", () => {
  it("registers a token's key once: 200 with its id, the same key again 200, another key 409; /me shows it", async () => {
    const f = await freelancerWithToken();
    expect(await me(f.token)).toMatchObject({ device: { id: f.tokenId, keyId: null } });
    const key = makeDeviceKey();
    const first = await putKey(f.token, { publicKey: key.publicKey });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ keyId: key.keyId });
    expect(key.keyId).toBe(await keyIdOf(fromBase64url(key.publicKey))); // sha256 of the raw key, 32 hex characters
    expect((await putKey(f.token, { publicKey: key.publicKey })).status).toBe(200);

    const other = await putKey(f.token, { publicKey: makeDeviceKey().publicKey });
    expect(other.status).toBe(409);
    expect((await errorOf(other)).code).toBe("conflict");
    expect(await prisma.trackerToken.findUniqueOrThrow({ where: { id: f.tokenId } })).toMatchObject({ publicKey: key.publicKey, keyId: key.keyId });
    expect(await me(f.token)).toEqual(expect.objectContaining({ device: { id: f.tokenId, keyId: key.keyId } }));
  });

  it("two different keys registered at once: exactly one wins", async () => {
    const f = await freelancerWithToken();
    const statuses = await Promise.all([makeDeviceKey(), makeDeviceKey(), makeDeviceKey()].map((k) => putKey(f.token, { publicKey: k.publicKey }).then((r) => r.status)));
    expect(statuses.sort()).toEqual([200, 409, 409]);
  });

  it.each([
    ["31 bytes", base64url(new Uint8Array(31))],
    ["33 bytes", base64url(new Uint8Array(33))],
    ["padding", `${makeDeviceKey().publicKey}=`],
    ["standard base64", Buffer.from(new Uint8Array(32).fill(251)).toString("base64").replace(/=+$/, "")],
    ["non-zero trailing bits", `${makeDeviceKey().publicKey.slice(0, 42)}B`],
    ["a number", 12],
  ])("answers 422 naming publicKey for a key that is not 32 raw bytes in base64url: %s", async (_label, publicKey) => {
    const f = await freelancerWithToken();
    const res = await putKey(f.token, { publicKey });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).fields).toHaveProperty("publicKey");
    expect((await prisma.trackerToken.findUniqueOrThrow({ where: { id: f.tokenId } })).publicKey).toBeNull();
  });

  it("answers 401 without a live token", async () => {
    expect((await putKey("hgt_nope", { publicKey: makeDeviceKey().publicKey })).status).toBe(401);
  });
});

describe("device sign-in with a public key (R15.1)", () => {
  async function startSignIn(body: Record<string, string>): Promise<Response> {
    const req = new NextRequest("http://portal.test/api/tracker/v1/device/code", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 250) + 1}` },
      body: new URLSearchParams(body).toString(),
    });
    return codeRoute.POST(req, noParams);
  }

  it("keeps the key with the sign-in and gives it to the token it issues", async () => {
    const freelancer = await makeUser(prisma, "FREELANCER");
    const key = makeDeviceKey();
    const started = await startSignIn({ device_name: "Signing laptop", public_key: key.publicKey });
    expect(started.status).toBe(200);
    const { device_code, user_code } = (await started.json()) as { device_code: string; user_code: string };

    state.sessionUserId = freelancer.id;
    const decided = await decisionRoute.POST(
      new NextRequest("http://portal.test/api/device/decision", {
        method: "POST",
        headers: { "content-type": "application/json", host: "portal.test", origin: "http://portal.test" },
        body: JSON.stringify({ userCode: user_code, decision: "approve" }),
      }),
      noParams,
    );
    expect(decided.status).toBe(200);
    const polled = await deviceTokenRoute.POST(
      new NextRequest("http://portal.test/api/tracker/v1/device/token", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code }),
      }),
      noParams,
    );
    expect(polled.status).toBe(200);
    const { access_token } = (await polled.json()) as { access_token: string };
    const profile = await me(access_token);
    expect(profile.device.keyId).toBe(key.keyId);
    expect(await prisma.trackerToken.findUniqueOrThrow({ where: { id: profile.device.id } })).toMatchObject({ publicKey: key.publicKey, keyId: key.keyId, name: "Signing laptop" });
    // its key is set: another one is refused
    expect((await putKey(access_token, { publicKey: makeDeviceKey().publicKey })).status).toBe(409);
  });

  it("answers 422 naming public_key for a malformed key, and starts nothing", async () => {
    const before = await prisma.deviceAuthorization.count();
    const res = await startSignIn({ device_name: "Laptop", public_key: "not-a-key" });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).fields).toHaveProperty("public_key");
    expect(await prisma.deviceAuthorization.count()).toBe(before);
  });
});

describe("POST /api/tracker/v1/segments refuses what the device's key did not sign (R15.1)", () => {
  async function signingDevice(): Promise<{ f: Awaited<ReturnType<typeof freelancerWithToken>>; device: SigningDevice }> {
    const f = await freelancerWithToken();
    return { f, device: { key: await registerDeviceKey(prisma, f.tokenId), tokenId: f.tokenId } };
  }

  it("stores a segment signed by the device's key, with its signature, key id and screenshot hash", async () => {
    const { f, device } = await signingDevice();
    const segment = signSegmentUpload(fields(f.contractId), device, shot);
    const res = await postSegment(f.token, segment);
    expect(res.status).toBe(201);
    const row = await prisma.segment.findUniqueOrThrow({ where: { id: segment.segmentId as string }, include: { screenshot: true } });
    expect(row).toMatchObject({ signature: segment.signature, signedByKeyId: device.key.keyId });
    expect(row.screenshot!.sha256).toBe(createHash("sha256").update(shot).digest("hex"));
    // what is stored verifies, rebuilt from the row alone, as the offline verifier will
    const stored: SignedSegment = {
      contract: row.contractId,
      slot: row.slotStart.toISOString(),
      screenshotSha256: row.screenshot!.sha256,
      keyboard: row.keyboardCounts,
      mouse: row.mouseCounts,
      memo: row.memo,
      takenAt: row.screenshot!.takenAt.toISOString(),
      device: f.tokenId,
      manual: false,
    };
    expect(await verifyEd25519(device.key.publicKey, segmentMessage(stored), row.signature!)).toBe(true);
    // R2.6 a resend (same content, same deterministic signature) answers the stored segment
    expect((await postSegment(f.token, segment)).status).toBe(200);
  });

  it("422 signature_required without a signature; nothing stored", async () => {
    const { f } = await signingDevice();
    const res = await postSegment(f.token, fields(f.contractId));
    expect(res.status).toBe(422);
    expect(await errorOf(res)).toMatchObject({ code: "signature_required", fields: { signature: expect.any(String) } });
    expect(await segmentCount(f.contractId)).toBe(0);
  });

  it("422 device_key_missing from a token with no registered key", async () => {
    const f = await freelancerWithToken();
    const segment = signSegmentUpload(fields(f.contractId), { key: makeDeviceKey(), tokenId: f.tokenId }, shot);
    const res = await postSegment(f.token, segment);
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe("device_key_missing");
    expect(error.message).toContain("PUT /api/tracker/v1/key");
    expect(await segmentCount(f.contractId)).toBe(0);
  });

  const tamperings: Array<[string, (s: Record<string, unknown>) => Record<string, unknown>]> = [
    ["a changed keyboard count", (s) => ({ ...s, keyboardCounts: [6, 0, 0, 12, 0, 0, 0, 0, 0, 1] })],
    ["a changed mouse count", (s) => ({ ...s, mouseCounts: [0, 3, 0, 0, 0, 0, 0, 0, 0, 1] })],
    ["a changed memo", (s) => ({ ...s, memo: "Something else" })],
    ["a changed screenshot time", (s) => ({ ...s, screenshotTakenAt: "2024-06-12T14:03:18.250Z" })],
    ["another slot", (s) => ({ ...s, slotStart: "2024-06-12T14:10:00Z", screenshotTakenAt: "2024-06-12T14:13:17.250Z" })],
    ["a signature that is not base64url", (s) => ({ ...s, signature: "!!!" })],
    ["a truncated signature", (s) => ({ ...s, signature: (s.signature as string).slice(0, 60) })],
  ];
  it.each(tamperings)("422 signature_invalid for %s after signing; nothing stored", async (_label, tamper) => {
    const { f, device } = await signingDevice();
    const res = await postSegment(f.token, tamper(signSegmentUpload(fields(f.contractId), device, shot)));
    expect(res.status).toBe(422);
    expect(await errorOf(res)).toMatchObject({ code: "signature_invalid", fields: { signature: expect.any(String) } });
    expect(await segmentCount(f.contractId)).toBe(0);
  });

  it("422 signature_invalid for a swapped screenshot", async () => {
    const { f, device } = await signingDevice();
    const other = await sharp({ create: { width: 64, height: 40, channels: 3, background: "#ff0000" } }).jpeg().toBuffer();
    const res = await postSegment(f.token, signSegmentUpload(fields(f.contractId), device, shot), other);
    expect((await errorOf(res)).code).toBe("signature_invalid");
  });

  it("422 signature_invalid for a segment signed with another device's key, or naming another device", async () => {
    const { f, device } = await signingDevice();
    // a second device of the same freelancer, with its own key
    const second = await createTrackerToken(f.freelancer, "Desktop", NOW);
    const secondKey: DeviceKey = await registerDeviceKey(prisma, second.id);
    const withOtherKey = signSegmentUpload(fields(f.contractId), { key: secondKey, tokenId: f.tokenId }, shot);
    expect((await errorOf(await postSegment(f.token, withOtherKey))).code).toBe("signature_invalid");
    // the second device's own valid signature, replayed through the first device's token
    const namingOther = signSegmentUpload(fields(f.contractId), { key: secondKey, tokenId: second.id }, shot);
    expect((await errorOf(await postSegment(f.token, namingOther))).code).toBe("signature_invalid");
    // the first device's own key, but naming the second device
    const wrongDevice = signSegmentUpload(fields(f.contractId), { key: device.key, tokenId: second.id }, shot);
    expect((await errorOf(await postSegment(f.token, wrongDevice))).code).toBe("signature_invalid");
    expect(await segmentCount(f.contractId)).toBe(0);
    // and through its own token the second device's segment is stored
    expect((await postSegment(second.token, namingOther)).status).toBe(201);
  });

  it("a revoked device's token is refused (401), even with a signature its key made; nothing stored", async () => {
    const { f, device } = await signingDevice();
    state.sessionUserId = f.freelancer.id;
    const revoked = await revokeRoute.DELETE(
      new NextRequest(`http://portal.test/api/settings/tracker-tokens/${f.tokenId}`, { method: "DELETE", headers: { host: "portal.test", origin: "http://portal.test" } }),
      { params: Promise.resolve({ id: f.tokenId }) },
    );
    expect(revoked.status).toBe(204);
    const res = await postSegment(f.token, signSegmentUpload(fields(f.contractId), device, shot));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("unauthenticated");
    expect(await segmentCount(f.contractId)).toBe(0);
  });
});

describe("manual time is signed with the portal's key (R15.1)", () => {
  it("each manual slot carries the portal's signature over its SignedSegment, verifiable with the published key", async () => {
    const f = await freelancerWithToken();
    await prisma.contract.update({ where: { id: f.contractId }, data: { manualTimeAllowed: true } });
    const slots = ["2024-06-12T09:00:00.000Z", "2024-06-12T09:10:00.000Z"];
    await addManualTime(f.freelancer, f.contractId, { slotStarts: slots, memo: "  Call with the client  " }, NOW);

    const rows = await prisma.segment.findMany({ where: { contractId: f.contractId }, orderBy: { slotStart: "asc" } });
    expect(rows.map((r) => r.slotStart.toISOString())).toEqual(slots);
    const keys = await publishedKeys();
    for (const row of rows) {
      expect(row.kind).toBe("MANUAL");
      const key = keys.find((k) => k.keyId === row.signedByKeyId);
      expect(key, "the signing key is published").toBeDefined();
      const signed: SignedSegment = {
        contract: f.contractId,
        slot: row.slotStart.toISOString(),
        screenshotSha256: null,
        keyboard: [],
        mouse: [],
        memo: "Call with the client",
        takenAt: null,
        device: "portal",
        manual: true,
      };
      expect(await verifyEd25519(key!.publicKey, segmentMessage(signed), row.signature!)).toBe(true);
      // the signature covers manual: true and the memo
      expect(await verifyEd25519(key!.publicKey, segmentMessage({ ...signed, manual: false }), row.signature!)).toBe(false);
      expect(await verifyEd25519(key!.publicKey, segmentMessage({ ...signed, memo: "Other" }), row.signature!)).toBe(false);
    }
  });
});

// The tracker API through its real route handlers (NextRequest in, Response out) on a real
// PostgreSQL and a real local blob store. Only sign-in (next-auth), the clock and the realtime
// transport are replaced.
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createHash, randomUUID } from "node:crypto";
import sharp from "sharp";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { makeContract, makeUser } from "@/tests/support/factories";
import { registerDeviceKey, signSegmentUpload, type SigningDevice } from "@/tests/support/signed-segments";
import { createTrackerToken } from "@/lib/tracker-tokens/create-tracker-token";
import { LIMITS } from "@/lib/config/limits";
import { LocalBlobStore, setBlobStoreForTests, type BlobStore } from "@/lib/storage";
import type { CurrentUser } from "@/lib/auth/current-user";

const state = vi.hoisted(() => ({
  now: new Date("2024-06-12T15:05:00Z"),
  sessionUserId: null as string | null,
  events: [] as Array<{ channel: string; event: string; data: Record<string, unknown> }>,
}));
vi.mock("@/lib/clock", () => ({ now: () => new Date(state.now) }));
vi.mock("@/lib/auth/config", () => ({ auth: async () => (state.sessionUserId ? { user: { id: state.sessionUserId, sessionVersion: 0 } } : null) }));
vi.mock("@/lib/realtime/publish", () => ({
  pusherServer: () => ({
    triggerBatch: async (batch: Array<{ channel: string; name: string; data: Record<string, unknown> }>) => {
      for (const e of batch) state.events.push({ channel: e.channel, event: e.name, data: e.data });
      return {};
    },
  }),
}));

const { prisma } = await setupTestDatabase();
const segmentsRoute = await import("@/app/api/tracker/v1/segments/route");
const segmentRoute = await import("@/app/api/tracker/v1/segments/[segmentId]/route");
const meRoute = await import("@/app/api/tracker/v1/me/route");
const openapiRoute = await import("@/app/api/tracker/v1/openapi.json/route");
const screenshotRoute = await import("@/app/api/screenshots/[segmentId]/[variant]/route");
const { sweepOrphanBlobs } = await import("@/lib/ingest/sweep-orphan-blobs");
const { flushSegmentChanges } = await import("@/lib/realtime/notify");

/** The realtime events published so far (they leave in small batches after the commit). */
async function events() {
  await flushSegmentChanges();
  return state.events;
}

const NOW = new Date("2024-06-12T15:05:00Z"); // Wednesday
const SLOT = "2024-06-12T14:00:00.000Z";
let storeRoot: string;
let store: LocalBlobStore;

beforeEach(async () => {
  await flushSegmentChanges(); // the previous test's events are not this one's
  state.now = new Date(NOW);
  state.sessionUserId = null;
  state.events.length = 0;
  storeRoot = mkdtempSync(path.join(tmpdir(), "hourglass-ingest-blobs-"));
  store = new LocalBlobStore(storeRoot);
  setBlobStoreForTests(store);
});

async function image(width = 64, height = 40, format: "jpeg" | "png" = "jpeg", colour = "#336699"): Promise<Buffer> {
  const base = sharp({ create: { width, height, channels: 3, background: colour } });
  return format === "jpeg" ? base.jpeg().toBuffer() : base.png().toBuffer();
}

async function storedKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of store.list("screenshots/")) keys.push(item.key);
  return keys.sort();
}

interface Fixture {
  freelancer: CurrentUser;
  client: CurrentUser;
  contractId: string;
  token: string;
  /** R15.1 the token's registered key, which signs what this fixture sends */
  device: SigningDevice;
}

async function fixture(status: "ACTIVE" | "PAUSED" | "ENDED" | "OFFER" = "ACTIVE"): Promise<Fixture> {
  const client = await makeUser(prisma, "CLIENT");
  const freelancer = await makeUser(prisma, "FREELANCER");
  const contract = await makeContract(prisma, client, freelancer, { status });
  const { token, id } = await createTrackerToken(freelancer, "Laptop", NOW);
  return { freelancer, client, contractId: contract.id, token, device: { key: await registerDeviceKey(prisma, id), tokenId: id } };
}

function fields(f: Fixture, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    segmentId: randomUUID(),
    contractId: f.contractId,
    slotStart: SLOT,
    screenshotTakenAt: "2024-06-12T14:03:17.250Z",
    keyboardCounts: [5, 0, 0, 12, 0, 0, 0, 0, 0, 1],
    mouseCounts: [0, 3, 0, 0, 0, 0, 0, 0, 0, 0],
    memo: "  Login screen  ",
    ...overrides,
  };
}

function post(token: string | null, body: FormData | string, headers: Record<string, string> = {}): Promise<Response> {
  const req = new NextRequest("http://localhost/api/tracker/v1/segments", {
    method: "POST",
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  });
  return segmentsRoute.POST(req, { params: Promise.resolve({}) });
}

function form(segment: unknown, screenshot: Buffer | null, name = "shot.jpg", type = "image/jpeg"): FormData {
  const body = new FormData();
  if (segment !== undefined) body.set("segment", typeof segment === "string" ? segment : JSON.stringify(segment));
  if (screenshot) body.set("screenshot", new Blob([new Uint8Array(screenshot)], { type }), name);
  return body;
}

/** The upload as the fixture's tracker sends it: signed by its device key (R15.1). */
function signedForm(f: Fixture, segment: Record<string, unknown>, screenshot: Buffer | null, name?: string, type?: string): FormData {
  return form(signSegmentUpload(segment, f.device, screenshot ?? Buffer.alloc(0)), screenshot, name, type);
}

async function send(f: Fixture, segment: Record<string, unknown>, screenshot?: Buffer): Promise<Response> {
  return post(f.token, signedForm(f, segment, screenshot ?? (await image())));
}

function del(token: string, segmentId: string): Promise<Response> {
  const req = new NextRequest(`http://localhost/api/tracker/v1/segments/${segmentId}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
  return segmentRoute.DELETE(req, { params: Promise.resolve({ segmentId }) });
}

function getScreenshot(segmentId: string, variant: string): Promise<Response> {
  const req = new NextRequest(`http://localhost/api/screenshots/${segmentId}/${variant}`);
  return screenshotRoute.GET(req, { params: Promise.resolve({ segmentId, variant }) });
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; fields?: Record<string, string>; reasons?: string[] } }).error;
}

async function liveSegments(contractId: string) {
  return prisma.segment.findMany({ where: { contractId, deletedAt: null }, include: { screenshot: true } });
}

describe("POST /api/tracker/v1/segments: storing", () => {
  it("stores the signed segment and its screenshot, answers 201 with the activity level, then tells the diary", async () => {
    const f = await fixture();
    const segment = fields(f);
    const shot = await image(120, 80, "jpeg", "#abcdef");

    const res = await send(f, segment, shot);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      id: segment.segmentId,
      contractId: f.contractId,
      slotStart: SLOT,
      kind: "TRACKED",
      memo: "Login screen",
      activityLevel: 4, // minutes 0, 1, 3 and 9 had input (R2.2)
      keyboardCounts: segment.keyboardCounts,
      mouseCounts: segment.mouseCounts,
      screenshot: { takenAt: "2024-06-12T14:03:17.250Z", width: 120, height: 80, url: `/api/screenshots/${segment.segmentId}/full`, thumbUrl: `/api/screenshots/${segment.segmentId}/thumb` },
    });

    const [row] = await liveSegments(f.contractId);
    // R15.1 the signature, its key and the screenshot's SHA-256 are kept with it
    const signed = signSegmentUpload(segment, f.device, shot);
    expect(row).toMatchObject({ id: segment.segmentId, activityLevel: 4, memo: "Login screen", kind: "TRACKED", signature: signed.signature, signedByKeyId: f.device.key.keyId });
    expect(row!.screenshot!.sha256).toBe(createHash("sha256").update(shot).digest("hex"));
    const full = await store.get(row!.screenshot!.storageKey);
    const thumb = await store.get(row!.screenshot!.thumbKey);
    expect(full!.equals(shot)).toBe(true); // the bytes signed are the bytes kept
    expect(await sharp(thumb!).metadata()).toMatchObject({ format: "webp" });
    expect(row!.screenshot!.bytes).toBe(full!.length);
    expect(await events()).toEqual([
      { channel: `private-contract-${f.contractId}`, event: "segment-changed", data: { contractId: f.contractId, slotStart: SLOT, segmentId: segment.segmentId, change: "created" } },
    ]);
  });

  it("stores a plain JPEG (no metadata, nothing after the image) byte for byte, with its thumbnail", async () => {
    const f = await fixture();
    const plain = await image(640, 400);
    const res = await send(f, fields(f), plain);
    expect(res.status).toBe(201);
    expect((await res.json()).screenshot).toMatchObject({ width: 640, height: 400, bytes: plain.length });
    const [row] = await liveSegments(f.contractId);
    expect((await store.get(row!.screenshot!.storageKey))!.equals(plain)).toBe(true);
    expect(await sharp((await store.get(row!.screenshot!.thumbKey))!).metadata()).toMatchObject({ format: "webp", width: 320, height: 200 });
  });

  it("refuses a signed PNG or a JPEG with metadata (422 screenshot_not_plain): a signed screenshot is never re-encoded", async () => {
    const f = await fixture();
    const withExif = await sharp({ create: { width: 120, height: 80, channels: 3, background: "#abcdef" } })
      .withExif({ IFD0: { Copyright: "private-serial-1234", Artist: "someone" } })
      .jpeg()
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    for (const [bytes, name, type] of [[withExif, "shot.jpg", "image/jpeg"], [await image(1280, 800, "png"), "screen.bin", "application/octet-stream"]] as const) {
      const res = await post(f.token, signedForm(f, fields(f), bytes, name, type));
      expect(res.status).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe("screenshot_not_plain");
      expect(error.fields).toHaveProperty("screenshot");
    }
    expect(await liveSegments(f.contractId)).toEqual([]);
    expect(await storedKeys()).toEqual([]);
  });
});

describe("POST /api/tracker/v1/segments: R2.6 idempotent resends", () => {
  it("answers a resend of the same segment with the stored one (200), storing nothing twice", async () => {
    const f = await fixture();
    const segment = fields(f);
    const shot = await image();
    const first = await send(f, segment, shot);
    expect(first.status).toBe(201);
    const keysAfterFirst = await storedKeys();
    const again = await send(f, segment, shot);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    expect(await liveSegments(f.contractId)).toHaveLength(1);
    expect(await storedKeys()).toEqual(keysAfterFirst);
    expect(await events()).toHaveLength(1);
  });

  it("answers a resend with the stored segment even after its week locked or the contract was paused", async () => {
    const f = await fixture();
    const segment = fields(f);
    const shot = await image();
    expect((await send(f, segment, shot)).status).toBe(201);
    await prisma.contract.update({ where: { id: f.contractId }, data: { status: "PAUSED" } });
    expect((await send(f, segment, shot)).status).toBe(200);
    state.now = new Date("2024-06-17T12:00:01Z");
    expect((await send(f, segment, shot)).status).toBe(200);
    // a new segment is refused, naming both reasons
    const fresh = await send(f, fields(f, { slotStart: "2024-06-12T14:10:00Z", screenshotTakenAt: "2024-06-12T14:11:00Z" }));
    expect((await errorOf(fresh)).reasons).toEqual(["CONTRACT_PAUSED", "WEEK_LOCKED"]);
  });

  it("answers 409 to a different payload under the same segment id", async () => {
    const f = await fixture();
    const segment = fields(f);
    const shot = await image();
    expect((await send(f, segment, shot)).status).toBe(201);
    for (const changed of [{ ...segment, memo: "Something else" }, { ...segment, keyboardCounts: [9, 9, 9, 9, 9, 9, 9, 9, 9, 9] }]) {
      const res = await send(f, changed, shot);
      expect(res.status).toBe(409);
      expect((await errorOf(res)).code).toBe("conflict");
    }
    // the same fields with another picture is different content too
    expect((await send(f, segment, await image(64, 40, "jpeg", "#ff0000"))).status).toBe(409);
    expect(await liveSegments(f.contractId)).toHaveLength(1);
  });

  it("answers 409 to another segment for a slot that is already recorded", async () => {
    const f = await fixture();
    expect((await send(f, fields(f))).status).toBe(201);
    const res = await send(f, fields(f));
    expect(res.status).toBe(409);
    expect((await errorOf(res)).fields).toHaveProperty("slotStart");
  });

  it("stores concurrent identical sends once: one 201, the rest 200, one set of files", async () => {
    const f = await fixture();
    const segment = fields(f);
    const shot = await image(640, 400);
    const statuses = await Promise.all(Array.from({ length: 6 }, () => send(f, segment, shot).then((r) => r.status)));
    expect(statuses.sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(await liveSegments(f.contractId)).toHaveLength(1);
    expect(await storedKeys()).toHaveLength(2);
  });

  it("lets exactly one of several concurrent different segments for one slot win; the others get 409 and leave no files", async () => {
    const f = await fixture();
    const shot = await image(640, 400);
    const statuses = await Promise.all(Array.from({ length: 5 }, () => send(f, fields(f), shot).then((r) => r.status)));
    expect(statuses.sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await storedKeys()).toHaveLength(2);
  });
});

describe("POST /api/tracker/v1/segments: rules", () => {
  it("refuses a slot starting more than 2 minutes in the future, and accepts one exactly 2 minutes ahead", async () => {
    const f = await fixture();
    state.now = new Date("2024-06-12T13:57:59.999Z");
    const early = await send(f, fields(f));
    expect(early.status).toBe(422);
    expect(await errorOf(early)).toMatchObject({ code: "validation_failed", reasons: ["SLOT_IN_FUTURE"], fields: { slotStart: expect.stringContaining("future") } });
    state.now = new Date("2024-06-12T13:58:00Z");
    expect((await send(f, fields(f, { screenshotTakenAt: "2024-06-12T14:00:00.000Z" }))).status).toBe(201);
  });

  it("refuses a screenshot dated in the future even when its slot has started", async () => {
    const f = await fixture();
    state.now = new Date("2024-06-12T14:01:00Z");
    const res = await send(f, fields(f, { screenshotTakenAt: "2024-06-12T14:09:00Z" }));
    expect(res.status).toBe(422);
    expect((await errorOf(res)).reasons).toEqual(["SCREENSHOT_IN_FUTURE"]);
  });

  it("refuses a slot in a locked week (after Monday 12:00 UTC) and accepts it until then (R1.3)", async () => {
    const f = await fixture();
    const lastSunday = { slotStart: "2024-06-09T23:50:00Z", screenshotTakenAt: "2024-06-09T23:55:00Z" };
    state.now = new Date("2024-06-10T12:00:00Z");
    const locked = await send(f, fields(f, lastSunday));
    expect(locked.status).toBe(422);
    expect((await errorOf(locked)).reasons).toEqual(["WEEK_LOCKED"]);
    state.now = new Date("2024-06-10T11:59:59Z");
    expect((await send(f, fields(f, lastSunday))).status).toBe(201);
  });

  it.each([
    ["PAUSED", ["CONTRACT_PAUSED"]],
    ["ENDED", ["CONTRACT_NOT_ACTIVE"]],
    ["OFFER", ["CONTRACT_NOT_ACTIVE"]],
  ] as const)("refuses a %s contract (R2.7)", async (status, reasons) => {
    const f = await fixture(status);
    const res = await send(f, fields(f));
    expect(res.status).toBe(422);
    expect((await errorOf(res)).reasons).toEqual(reasons);
    expect(await liveSegments(f.contractId)).toHaveLength(0);
  });

  it("refuses an active contract with an open pause (a dispute, R7.2), and accepts again once it ends", async () => {
    const f = await fixture();
    const pause = await prisma.contractPause.create({ data: { contractId: f.contractId, startedAt: new Date("2024-06-11T00:00:00Z"), reason: "Dispute" } });
    const res = await send(f, fields(f));
    expect((await errorOf(res)).reasons).toEqual(["CONTRACT_PAUSED"]);
    await prisma.contractPause.update({ where: { id: pause.id }, data: { endedAt: new Date("2024-06-12T09:00:00Z") } });
    expect((await send(f, fields(f))).status).toBe(201);
  });

  it("refuses a slot before the contract started", async () => {
    const f = await fixture(); // starts 2024-06-03
    state.now = new Date("2024-06-03T10:00:00Z"); // the week of the 2nd is still editable
    const res = await send(f, fields(f, { slotStart: "2024-06-02T10:00:00Z", screenshotTakenAt: "2024-06-02T10:01:00Z" }));
    expect((await errorOf(res)).reasons).toEqual(["SLOT_BEFORE_CONTRACT"]);
  });

  it("answers 404 for another freelancer's contract and for a contract that does not exist", async () => {
    const mine = await fixture();
    const theirs = await fixture();
    const res = await send(mine, fields(mine, { contractId: theirs.contractId }));
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("not_found");
    expect((await send(mine, fields(mine, { contractId: randomUUID() }))).status).toBe(404);
    expect(await liveSegments(theirs.contractId)).toHaveLength(0);
  });

  it("does not let a resend under another contract reveal or touch that contract's segment", async () => {
    const a = await fixture();
    const b = await fixture();
    const segment = fields(a);
    expect((await send(a, segment)).status).toBe(201);
    // b reuses a's segment id on b's own contract: a conflict that names nothing of a's
    const res = await send(b, { ...segment, contractId: b.contractId });
    expect(res.status).toBe(409);
    expect(JSON.stringify(await res.json())).not.toContain(a.contractId);
  });
});

describe("POST /api/tracker/v1/segments: bad input", () => {
  it("answers 401 without a valid token", async () => {
    const f = await fixture();
    expect((await post(null, form(fields(f), await image()))).status).toBe(401);
    expect((await post("hgt_nope", form(fields(f), await image()))).status).toBe(401);
  });

  it("answers 429 with Retry-After once the token's requests for the minute are used up", async () => {
    const f = await fixture();
    const token = await prisma.trackerToken.findFirstOrThrow({ where: { userId: f.freelancer.id } });
    await prisma.rateLimitWindow.create({
      data: { key: `tracker:${token.id}`, windowStart: new Date(Math.floor(NOW.getTime() / 60_000) * 60_000), count: LIMITS.trackerRequestsPerMinute },
    });
    const res = await send(f, fields(f));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await errorOf(res)).code).toBe("rate_limited");
  });

  it("answers 415 to a body that is not multipart", async () => {
    const f = await fixture();
    const res = await post(f.token, JSON.stringify(fields(f)), { "content-type": "application/json" });
    expect(res.status).toBe(415);
  });

  it.each([
    ["a missing segment part", () => form(undefined, Buffer.from([0xff, 0xd8, 0xff])), "segment"],
    ["a segment part that is not JSON", () => form("{nope", Buffer.from([0xff, 0xd8, 0xff])), "segment"],
  ])("answers 422 to %s", async (_label, build, field) => {
    const f = await fixture();
    const res = await post(f.token, build());
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.fields).toHaveProperty(field);
    expect(error.message).toMatch(/^Segment: /); // the part by its label, not "Invalid input. segment: …"
  });

  it("answers 422 without a screenshot file, or with the screenshot as a text field", async () => {
    const f = await fixture();
    const noFile = await post(f.token, signedForm(f, fields(f), null));
    expect(noFile.status).toBe(422);
    expect((await errorOf(noFile)).fields).toHaveProperty("screenshot");
    const asText = form(fields(f), null);
    asText.set("screenshot", "not a file");
    expect((await post(f.token, asText)).status).toBe(422);
  });

  it.each([
    ["segmentId", { segmentId: "123" }],
    ["contractId", { contractId: "abc" }],
    ["slotStart", { slotStart: "2024-06-12T14:05:00Z" }],
    ["slotStart", { slotStart: "yesterday" }],
    ["screenshotTakenAt", { screenshotTakenAt: "2024-06-12T14:10:00Z" }],
    ["screenshotTakenAt", { screenshotTakenAt: "2024-06-12T13:59:59Z" }],
    ["keyboardCounts", { keyboardCounts: [1, 2, 3] }],
    ["keyboardCounts.0", { keyboardCounts: [-1, 0, 0, 0, 0, 0, 0, 0, 0, 0] }],
    ["mouseCounts.2", { mouseCounts: [0, 0, 1.5, 0, 0, 0, 0, 0, 0, 0] }],
    ["mouseCounts", { mouseCounts: "lots" }],
    ["memo", { memo: "x".repeat(LIMITS.segmentMemoMaxLength + 1) }],
  ])("answers 422 naming %s for a malformed field", async (field, overrides) => {
    const f = await fixture();
    const res = await send(f, fields(f, overrides));
    expect(res.status).toBe(422);
    expect((await errorOf(res)).fields).toHaveProperty(field);
  });

  it("answers 415 to a screenshot that is not a JPEG or PNG by content, whatever it claims", async () => {
    const f = await fixture();
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } }).gif().toBuffer();
    for (const bytes of [Buffer.from("hello, I am a text file"), gif, await sharp(await image()).webp().toBuffer()]) {
      const res = await post(f.token, signedForm(f, fields(f), bytes, "shot.jpg", "image/jpeg"));
      expect(res.status).toBe(415);
      expect((await errorOf(res)).code).toBe("unsupported_media_type");
    }
  });

  it("answers 422 to a JPEG or PNG that does not decode", async () => {
    const f = await fixture();
    const jpeg = await image(640, 400);
    const png = await image(64, 40, "png");
    for (const bytes of [jpeg.subarray(0, jpeg.length / 2), Buffer.concat([jpeg.subarray(0, 200), Buffer.alloc(3000, 7)]), Buffer.from([0xff, 0xd8, 0xff, 0, 0]), png.subarray(0, 40)]) {
      const res = await post(f.token, signedForm(f, fields(f), bytes));
      expect(res.status).toBe(422);
      expect((await errorOf(res)).fields).toHaveProperty("screenshot");
    }
    expect(await storedKeys()).toEqual([]);
  });

  it("answers 413 to a screenshot over 40 megapixels", async () => {
    const f = await fixture();
    const huge = await sharp({ create: { width: 8000, height: 5001, channels: 3, background: "#fff" } }).png({ compressionLevel: 9 }).toBuffer();
    const res = await post(f.token, signedForm(f, fields(f), huge, "huge.png", "image/png"));
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("payload_too_large");
    expect((await post(f.token, signedForm(f, fields(f), await sharp({ create: { width: 8000, height: 5000, channels: 3, background: "#fff" } }).jpeg().toBuffer()))).status).toBe(201);
  });

  it("answers 413 to a screenshot over 10 MB, and to a body that declares more", async () => {
    const f = await fixture();
    const big = Buffer.alloc(LIMITS.screenshotMaxBytes + 1, 0);
    big.set([0xff, 0xd8, 0xff]);
    const res = await post(f.token, signedForm(f, fields(f), big));
    expect(res.status).toBe(413);
    const declared = await post(f.token, signedForm(f, fields(f), await image()), { "content-length": String(LIMITS.screenshotMaxBytes * 2) });
    expect(declared.status).toBe(413);
  });
});

describe("POST /api/tracker/v1/segments: nothing half-stored", () => {
  it("leaves no rows and no files when storing a file fails", async () => {
    const f = await fixture();
    let puts = 0;
    const failing: BlobStore = {
      put: async (key, bytes, type) => {
        if (++puts === 2) throw new Error("disk full");
        await store.put(key, bytes, type);
      },
      get: (key) => store.get(key),
      delete: (key) => store.delete(key),
    };
    setBlobStoreForTests(failing);
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await send(f, fields(f));
    logged.mockRestore();
    expect(res.status).toBe(500);
    expect((await errorOf(res)).message).not.toContain("disk full");
    expect(await prisma.segment.count({ where: { contractId: f.contractId } })).toBe(0);
    expect(await storedKeys()).toEqual([]);
    expect(await events()).toEqual([]);
  });

  it("leaves no segment and no files when the database refuses the screenshot row", async () => {
    const f = await fixture();
    await prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION test_refuse_shot() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.width = 321 THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER test_refuse_shot BEFORE INSERT ON screenshots FOR EACH ROW EXECUTE FUNCTION test_refuse_shot()`);
    try {
      vi.spyOn(console, "error").mockImplementation(() => undefined);
      const res = await send(f, fields(f), await image(321, 100));
      expect(res.status).toBe(500);
      expect(await prisma.segment.count({ where: { contractId: f.contractId } })).toBe(0);
      expect(await storedKeys()).toEqual([]);
      expect(await events()).toEqual([]);
    } finally {
      vi.restoreAllMocks();
      await prisma.$executeRawUnsafe(`DROP TRIGGER test_refuse_shot ON screenshots`);
    }
  });

  it("sweeps files no screenshot row references once they are older than the grace period", async () => {
    const f = await fixture();
    expect((await send(f, fields(f))).status).toBe(201);
    const referenced = await storedKeys();
    const orphan = `screenshots/${f.contractId}/${randomUUID()}-deadbeef.jpg`;
    await store.put(orphan, Buffer.from("left by a crash"), "image/jpeg");
    const young = await sweepOrphanBlobs(new Date(), { store });
    expect(young.deleted).toEqual([]);
    const later = await sweepOrphanBlobs(new Date(Date.now() + LIMITS.orphanBlobGraceMs + 60_000), { store });
    expect(later.deleted).toEqual([orphan]);
    expect(await storedKeys()).toEqual(referenced);
  });
});

describe("DELETE /api/tracker/v1/segments/:id", () => {
  it("deletes the freelancer's own segment in an editable week, with its screenshot, and tells the diary", async () => {
    const f = await fixture();
    const segment = fields(f);
    expect((await send(f, segment)).status).toBe(201);
    await events();
    state.events.length = 0;
    const res = await del(f.token, segment.segmentId as string);
    expect(res.status).toBe(204);
    const row = await prisma.segment.findUniqueOrThrow({ where: { id: segment.segmentId as string }, include: { screenshot: true } });
    expect(row.deletedAt).toEqual(NOW);
    expect(row.screenshot).toBeNull();
    expect(await storedKeys()).toEqual([]);
    expect(await events()).toEqual([{ channel: `private-contract-${f.contractId}`, event: "segment-changed", data: { contractId: f.contractId, slotStart: SLOT, segmentId: segment.segmentId, change: "deleted" } }]);
    // again: still done; a resend of it is a conflict; a new segment may take the slot
    expect((await del(f.token, segment.segmentId as string)).status).toBe(204);
    expect((await send(f, segment)).status).toBe(409);
    expect((await send(f, fields(f))).status).toBe(201);
  });

  it("refuses once the week is locked", async () => {
    const f = await fixture();
    const segment = fields(f);
    expect((await send(f, segment)).status).toBe(201);
    state.now = new Date("2024-06-17T12:00:00Z");
    const res = await del(f.token, segment.segmentId as string);
    expect(res.status).toBe(422);
    expect((await errorOf(res)).reasons).toEqual(["WEEK_LOCKED"]);
    expect(await liveSegments(f.contractId)).toHaveLength(1);
  });

  it("answers 404 for another freelancer's segment, an unknown id and a malformed id", async () => {
    const mine = await fixture();
    const theirs = await fixture();
    const segment = fields(theirs);
    expect((await send(theirs, segment)).status).toBe(201);
    expect((await del(mine.token, segment.segmentId as string)).status).toBe(404);
    expect((await del(mine.token, randomUUID())).status).toBe(404);
    expect((await del(mine.token, "not-a-uuid")).status).toBe(404);
    expect(await liveSegments(theirs.contractId)).toHaveLength(1);
  });
});

describe("GET /api/screenshots/:segmentId/:variant", () => {
  it("serves the image to the contract's client, its freelancer and admins, privately; 404 to anyone else", async () => {
    const f = await fixture();
    const segment = fields(f);
    expect((await send(f, segment, await image(200, 100))).status).toBe(201);
    const admin = await makeUser(prisma, "ADMIN");
    const stranger = await makeUser(prisma, "CLIENT");
    const otherFreelancer = await makeUser(prisma, "FREELANCER");
    const id = segment.segmentId as string;

    for (const user of [f.client, f.freelancer, admin]) {
      state.sessionUserId = user.id;
      const full = await getScreenshot(id, "full");
      expect(full.status).toBe(200);
      expect(full.headers.get("content-type")).toBe("image/jpeg");
      expect(full.headers.get("cache-control")).toMatch(/^private/);
      expect(full.headers.get("x-content-type-options")).toBe("nosniff");
      expect(await sharp(Buffer.from(await full.arrayBuffer())).metadata()).toMatchObject({ width: 200, height: 100 });
      const thumb = await getScreenshot(id, "thumb");
      expect(thumb.headers.get("content-type")).toBe("image/webp");
    }
    for (const user of [stranger, otherFreelancer]) {
      state.sessionUserId = user.id;
      expect((await getScreenshot(id, "full")).status).toBe(404);
    }
    state.sessionUserId = f.client.id;
    expect((await getScreenshot(id, "original")).status).toBe(404);
    expect((await getScreenshot("nope", "full")).status).toBe(404);
    state.sessionUserId = null;
    expect((await getScreenshot(id, "full")).status).toBe(401);
  });

  it("stops serving a deleted segment's screenshot", async () => {
    const f = await fixture();
    const segment = fields(f);
    expect((await send(f, segment)).status).toBe(201);
    expect((await del(f.token, segment.segmentId as string)).status).toBe(204);
    state.sessionUserId = f.client.id;
    expect((await getScreenshot(segment.segmentId as string, "full")).status).toBe(404);
  });
});

describe("GET /api/tracker/v1/me and the OpenAPI document", () => {
  it("lists only active, unpaused contracts, with the portal's clock", async () => {
    const f = await fixture();
    const client = await makeUser(prisma, "CLIENT");
    await makeContract(prisma, client, f.freelancer, { status: "PAUSED", title: "Paused" });
    await makeContract(prisma, client, f.freelancer, { status: "ENDED", title: "Ended" });
    const disputed = await makeContract(prisma, client, f.freelancer, { title: "Disputed" });
    await prisma.contractPause.create({ data: { contractId: disputed.id, startedAt: NOW, reason: "Dispute" } });
    const req = new NextRequest("http://localhost/api/tracker/v1/me", { headers: { authorization: `Bearer ${f.token}` } });
    const res = await meRoute.GET(req, { params: Promise.resolve({}) });
    const body = await res.json();
    expect(body.contracts.map((c: { id: string }) => c.id)).toEqual([f.contractId]);
    expect(body.serverTime).toBe(NOW.toISOString());
    expect(body.device).toEqual({ id: f.device.tokenId, keyId: f.device.key.keyId }); // R15.1
  });

  it("serves an OpenAPI 3.1 document describing every tracker route from the shared schemas", async () => {
    const res = await openapiRoute.GET(new NextRequest("http://localhost/api/tracker/v1/openapi.json"));
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(["/api/tracker/v1/device/code", "/api/tracker/v1/device/token", "/api/tracker/v1/events", "/api/tracker/v1/key", "/api/tracker/v1/me", "/api/tracker/v1/openapi.json", "/api/tracker/v1/ping", "/api/tracker/v1/segments", "/api/tracker/v1/segments/{segmentId}", "/api/tracker/v1/token"]);
    // every route file under app/api/tracker/v1 is in the document, with each method it exports
    const root = path.resolve("app/api/tracker/v1");
    const routeFiles = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("route.ts"));
    for (const file of routeFiles) {
      const apiPath = `/api/tracker/v1/${path.dirname(file)}`.replace(/\[(\w+)\]/g, "{$1}");
      const methods = [...readFileSync(path.join(root, file), "utf8").matchAll(/export (?:const|function|async function) (GET|POST|DELETE|PUT|PATCH)\b/g)].map((m) => m[1]!.toLowerCase());
      expect(Object.keys(doc.paths[apiPath] ?? {}).sort(), apiPath).toEqual(methods.sort());
    }
    const post = doc.paths["/api/tracker/v1/segments"].post;
    expect(Object.keys(post.responses).sort()).toEqual(["200", "201", "401", "404", "409", "413", "415", "422", "429", "500", "503", "507"]);
    expect(post.requestBody.content["multipart/form-data"].schema.properties.segment).toEqual({ $ref: "#/components/schemas/SegmentFields" });
    const fieldsSchema = doc.components.schemas.SegmentFields;
    expect(fieldsSchema.required.sort()).toEqual(["contractId", "keyboardCounts", "mouseCounts", "screenshotTakenAt", "segmentId", "slotStart"]);
    expect(fieldsSchema.properties.keyboardCounts).toMatchObject({ minItems: 10, maxItems: 10 });
    expect(doc.components.schemas.StoredSegment.properties.screenshot.anyOf).toContainEqual({ $ref: "#/components/schemas/ScreenshotInfo" });
    // every $ref resolves
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    for (const name of refs) expect(doc.components.schemas).toHaveProperty(name as string);
  });
});

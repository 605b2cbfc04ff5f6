// R15.1 the tracker's side of signed segments, against the portal's real route handlers served over real HTTP
// on a real PostgreSQL: the CLI's login makes and registers this installation's key (device sign-in or a pasted
// token), segments are signed as they are queued and stored by the real ingest, a queue from before device keys
// is signed when sent, a queued segment changed after signing is refused (signature_invalid) and set aside, a
// key file others can read is not used, and logout deletes the key. Replaced: the clock, the browser session
// that approves a device sign-in (next-auth), and the realtime transport.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { makeContract, makeUser } from "@/tests/support/factories";
import { registerDeviceKey } from "@/tests/support/signed-segments";
import { segmentMessage, verifyEd25519 } from "@/verifier/src/signatures";
import { loadConfig, paths, saveConfig } from "./config";
import { loadDeviceKey } from "./device-key";
import { SegmentQueue, type QueuedSegment } from "./queue";
import { deliveryFor } from "./run";
import type { RecordedSegment } from "./session";
import { runCli } from "./testing/run-cli";

const state = vi.hoisted(() => ({ now: new Date("2024-06-12T15:05:00Z"), sessionUserId: null as string | null }));
vi.mock("@/lib/clock", async (original) => ({ ...(await original<typeof import("@/lib/clock")>()), now: () => new Date(state.now) }));
vi.mock("@/lib/auth/config", () => ({ auth: async () => (state.sessionUserId ? { user: { id: state.sessionUserId, sessionVersion: 0 } } : null) }));
vi.mock("@/lib/realtime/publish", () => ({ pusherServer: () => ({ triggerBatch: async () => ({}) }) }));

const { prisma } = await setupTestDatabase();
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routes: Record<string, Handler> = {
  "GET /api/tracker/v1/me": (await import("@/app/api/tracker/v1/me/route")).GET,
  "PUT /api/tracker/v1/key": (await import("@/app/api/tracker/v1/key/route")).PUT,
  "POST /api/tracker/v1/segments": (await import("@/app/api/tracker/v1/segments/route")).POST,
  "POST /api/tracker/v1/device/code": (await import("@/app/api/tracker/v1/device/code/route")).POST,
  "POST /api/tracker/v1/device/token": (await import("@/app/api/tracker/v1/device/token/route")).POST,
  "DELETE /api/tracker/v1/token": (await import("@/app/api/tracker/v1/token/route")).DELETE,
  "POST /api/device/decision": (await import("@/app/api/device/decision/route")).POST,
};

/** The tracker API's real handlers behind a real HTTP server, as Next serves them; each request is recorded. */
const requests: string[] = [];
const server: Server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const key = `${req.method} ${req.url}`;
  requests.push(key);
  const handler = routes[key];
  if (!handler) return res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"not_found","message":"No such route."}}');
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  const answer = await handler(new NextRequest(`${base}${req.url}`, { method: req.method, headers, body }), { params: Promise.resolve({}) });
  res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
});
let base = "";
let shot: Buffer;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // a plain JPEG (JFIF, no metadata), as the tracker's encoder makes: the ingest stores it byte for byte
  shot = await sharp({ create: { width: 64, height: 40, channels: 3, background: "#336699" } }).jpeg().toBuffer();
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  state.sessionUserId = null;
  requests.length = 0;
});

async function freelancerWithToken() {
  const client = await makeUser(prisma, "CLIENT");
  const freelancer = await makeUser(prisma, "FREELANCER");
  const contract = await makeContract(prisma, client, freelancer);
  // a token as Settings > Tracker issues it (stored as its SHA-256)
  const token = `hgt_${randomBytes(32).toString("base64url")}`;
  const { id } = await prisma.trackerToken.create({
    data: { userId: freelancer.id, name: "Laptop", tokenHash: createHash("sha256").update(token).digest("hex"), prefix: token.slice(0, 10), createdAt: state.now },
  });
  return { freelancer, contractId: contract.id, token, tokenId: id };
}

function home(): { home: string; dir: string } {
  const h = mkdtempSync(path.join(tmpdir(), "tracker-signing-"));
  return { home: h, dir: path.join(h, "hourglass") };
}

let minute = 0;
/** A recorded slot of the contract, as the tracking session hands it to the queue. */
function recorded(contractId: string): RecordedSegment {
  const slotStart = new Date(Date.parse("2024-06-12T10:00:00Z") + 10 * 60_000 * minute++).toISOString();
  return {
    fields: {
      segmentId: randomUUID(),
      contractId,
      slotStart,
      screenshotTakenAt: new Date(Date.parse(slotStart) + 193_250).toISOString(),
      keyboardCounts: [5, 0, 0, 12, 0, 0, 0, 0, 0, 1],
      mouseCounts: [0, 3, 0, 0, 0, 0, 0, 0, 0, 0],
      memo: " Login screen ",
    },
    screenshot: { bytes: shot, contentType: "image/jpeg" },
  };
}

/** The CLI's main() in this process with its stderr too. */
async function cli(h: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const errors: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (errors.push(String(chunk)), true));
  try {
    return { ...(await runCli(h, ...argv)), stderr: errors.join("") };
  } finally {
    spy.mockRestore();
  }
}

const queued = (dir: string): QueuedSegment[] => new SegmentQueue(paths(dir).queue, paths(dir).rejected).list();
const storedRow = (segmentId: string) => prisma.segment.findUnique({ where: { id: segmentId }, include: { screenshot: true } });

/** Signed in with a pasted token through the CLI, and one slot recorded into the queue as a tracking run does. */
async function signedInWithOneQueued() {
  const f = await freelancerWithToken();
  const { home: h, dir } = home();
  expect((await cli(h, "login", base, f.token)).code).toBe(0);
  const segment = recorded(f.contractId);
  await deliveryFor(dir, () => undefined, {}).record(segment);
  return { f, h, dir, segment, item: queued(dir)[0]! };
}

describe("signing in makes and registers this installation's key (R15.1)", () => {
  it("login with a pasted token: a new key in a 0600 file, registered once with PUT /key; login again keeps it", async () => {
    const f = await freelancerWithToken();
    const { home: h, dir } = home();
    const run = await cli(h, "login", base, f.token);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(statSync(paths(dir).deviceKey).mode & 0o777).toBe(0o600);
    const key = loadDeviceKey(dir)!;
    expect(await prisma.trackerToken.findUniqueOrThrow({ where: { id: f.tokenId } })).toMatchObject({ publicKey: key.publicKey, keyId: key.keyId });
    expect(loadConfig(dir)).toEqual({ portalUrl: base, token: f.token, device: { id: f.tokenId, keyId: key.keyId } });
    expect(requests.filter((r) => r === "PUT /api/tracker/v1/key")).toHaveLength(1);
    // the private key never left: no request carried it (only the public key went, in PUT /key)
    expect(readFileSync(paths(dir).deviceKey, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    const again = await cli(h, "login", base, f.token);
    expect(again.code).toBe(0);
    expect(loadDeviceKey(dir)!.keyId).toBe(key.keyId);
    expect(requests.filter((r) => r === "PUT /api/tracker/v1/key")).toHaveLength(1);
  });

  it("device sign-in: the public key goes with the code request, and the token is issued bound to it", async () => {
    const f = await freelancerWithToken();
    const { home: h, dir } = home();
    // the "browser" the CLI opens writes down the URL it was given (which carries the code)
    const opened = path.join(h, "opened-url");
    const browser = path.join(h, "browser.sh");
    writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, { mode: 0o700 });
    const saved = process.env.BROWSER;
    process.env.BROWSER = browser;
    try {
      const login = cli(h, "login", base, "--device-name", "Fiona's laptop");
      await vi.waitFor(() => expect(existsSync(opened) && readFileSync(opened, "utf8")).toBeTruthy(), { timeout: 10_000, interval: 50 });
      const userCode = new URL(readFileSync(opened, "utf8")).searchParams.get("code")!;
      state.sessionUserId = f.freelancer.id;
      const decided = await routes["POST /api/device/decision"]!(
        new NextRequest(`${base}/api/device/decision`, {
          method: "POST",
          headers: { "content-type": "application/json", host: new URL(base).host, origin: base },
          body: JSON.stringify({ userCode, decision: "approve" }),
        }),
        { params: Promise.resolve({}) },
      );
      expect(decided.status).toBe(200);
      const run = await login;
      expect(run).toMatchObject({ code: 0, stderr: "" });
    } finally {
      process.env.BROWSER = saved;
    }
    const key = loadDeviceKey(dir)!;
    const config = loadConfig(dir)!;
    expect(config.device).toEqual({ id: expect.any(String), keyId: key.keyId });
    expect(await prisma.trackerToken.findUniqueOrThrow({ where: { id: config.device!.id } })).toMatchObject({ publicKey: key.publicKey, keyId: key.keyId, name: "Fiona's laptop" });
    expect(requests).not.toContain("PUT /api/tracker/v1/key"); // registered by the sign-in itself
    expect(statSync(paths(dir).deviceKey).mode & 0o777).toBe(0o600);
  }, 30_000);

  it("a token that already carries another key: login says to sign in again and stores nothing", async () => {
    const f = await freelancerWithToken();
    await registerDeviceKey(prisma, f.tokenId); // another installation's key
    const { home: h, dir } = home();
    const run = await cli(h, "login", base, f.token);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/already has another key registered.*Sign in again for a new device: hourglass-tracker login/);
    expect([existsSync(paths(dir).config), existsSync(paths(dir).deviceKey)]).toEqual([false, false]);
  });
});

describe("segments are signed and the real ingest stores them (R15.1)", () => {
  it("signed when queued, delivered after a restart: the portal keeps the signature, its key and the screenshot's SHA-256, which verify", async () => {
    const { f, dir, segment, item } = await signedInWithOneQueued();
    const key = loadDeviceKey(dir)!;
    expect(item.fields.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(item.signedBy).toEqual({ device: f.tokenId, keyId: key.keyId });

    // a new process: the queue on disk, delivered as it is
    const logs: string[] = [];
    const pass = await deliveryFor(dir, (l) => logs.push(l), {}).sender.deliverPass();
    expect(pass.empty).toBe(true);
    expect(logs).toEqual([]);
    const row = await storedRow(segment.fields.segmentId);
    const sha = createHash("sha256").update(shot).digest("hex");
    expect(row).toMatchObject({ signature: item.fields.signature, signedByKeyId: key.keyId, memo: "Login screen", screenshot: { sha256: sha } });
    const signed = {
      contract: f.contractId,
      slot: segment.fields.slotStart,
      screenshotSha256: sha,
      keyboard: segment.fields.keyboardCounts,
      mouse: segment.fields.mouseCounts,
      memo: "Login screen",
      takenAt: segment.fields.screenshotTakenAt,
      device: f.tokenId,
      manual: false,
    };
    expect(await verifyEd25519(key.publicKey, segmentMessage(signed), row!.signature!)).toBe(true);
  });

  it("a queued segment changed after it was signed is refused with signature_invalid, set aside under rejected/ and reported", async () => {
    const { h, dir, segment, item } = await signedInWithOneQueued();
    // someone raises the activity counts in the queue file
    const file = path.join(paths(dir).queue, `${item.name}.json`);
    const tampered = JSON.parse(readFileSync(file, "utf8")) as QueuedSegment;
    tampered.fields.keyboardCounts = Array(10).fill(40);
    writeFileSync(file, JSON.stringify(tampered));

    const run = await cli(h, "sync");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/The portal refused the .* segment \(422 signature_invalid: .*\); it is kept under rejected\/\.\nDelivered 0 of 1; 1 refused by the portal\./);
    const rejected = JSON.parse(readFileSync(path.join(paths(dir).rejected, `${item.name}.json`), "utf8")) as QueuedSegment;
    expect(rejected.answer).toMatchObject({ status: 422, body: { error: { code: "signature_invalid" } } });
    expect(readFileSync(paths(dir).journal, "utf8")).toMatch(new RegExp(`rejected ${segment.fields.segmentId} .* 422`));
    expect(await storedRow(segment.fields.segmentId)).toBeNull();
  });

  it("a token signed in before device keys, with a queue from then: the key is made and registered once when sending, and the queue goes signed", async () => {
    const f = await freelancerWithToken();
    const { home: h, dir } = home();
    saveConfig({ portalUrl: base, token: f.token }, dir); // tracker.json as an older release wrote it: no key
    const queue = new SegmentQueue(paths(dir).queue, paths(dir).rejected);
    const old = [recorded(f.contractId), recorded(f.contractId)];
    for (const segment of old) await queue.add(segment); // queued unsigned, as before this release

    const run = await cli(h, "sync");
    expect(run.stdout).toBe("Delivered 2 of 2.\n");
    const key = loadDeviceKey(dir)!;
    expect(statSync(paths(dir).deviceKey).mode & 0o777).toBe(0o600);
    expect(await prisma.trackerToken.findUniqueOrThrow({ where: { id: f.tokenId } })).toMatchObject({ publicKey: key.publicKey, keyId: key.keyId });
    expect(requests.filter((r) => r === "PUT /api/tracker/v1/key")).toHaveLength(1);
    for (const segment of old) expect(await storedRow(segment.fields.segmentId)).toMatchObject({ signedByKeyId: key.keyId, signature: expect.any(String) });
  });

  it("a key file others can read is not used: nothing is sent, the queue is kept, and the message says to chmod 600", async () => {
    const { f, h, dir } = await signedInWithOneQueued();
    chmodSync(paths(dir).deviceKey, 0o644);
    requests.length = 0;

    const run = await cli(h, "sync");
    expect(run.stdout).toMatch(new RegExp(`Delivered 0 of 1\\. 1 still queued: Permissions 0644 for ${paths(dir).deviceKey} are too open: .*Run: chmod 600 `));
    expect(requests).not.toContain("POST /api/tracker/v1/segments");
    expect(queued(dir)).toHaveLength(1);
    expect(await cli(h, "start", f.contractId, "--simulate", "--foreground")).toMatchObject({ code: 1, stderr: expect.stringMatching(/Permissions 0644 .* are too open/) });

    chmodSync(paths(dir).deviceKey, 0o600);
    expect((await cli(h, "sync")).stdout).toBe("Delivered 1 of 1.\n");
  });
});

describe("logout (R15.1)", () => {
  it("revokes the token and deletes the device key with it", async () => {
    const f = await freelancerWithToken();
    const { home: h, dir } = home();
    expect((await cli(h, "login", base, f.token)).code).toBe(0);
    expect(existsSync(paths(dir).deviceKey)).toBe(true);
    const run = await cli(h, "logout");
    expect(run.stdout).toMatch(/the portal revoked this computer's token/);
    expect(readdirSync(dir).filter((name) => name === "device-key.pem" || name === "tracker.json")).toEqual([]);
    expect((await prisma.trackerToken.findUniqueOrThrow({ where: { id: f.tokenId } })).revokedAt).not.toBeNull();
  });
});

// The access matrix: every route and method under app/api, read from disk. Reaching for another's object
// gets 404 in the one error shape and changes nothing; the wrong role gets 403. A route without a row fails.
// clara and fiona own everything; olga and otto are outsiders. Clock: Tue 11 June 2024 10:00 UTC.
import { randomBytes, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";
import { loadRoutes, paramsFor, registerNextAuthShims, requestScope, type Method } from "@/tests/support/route-harness";

const { NOW, session } = vi.hoisted(() => ({ NOW: new Date("2024-06-11T10:00:00Z"), session: { user: null as CurrentUser | null } }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));
vi.mock("@/lib/clock", async (original) => ({ ...(await original<typeof import("@/lib/clock")>()), now: () => new Date(NOW) }));
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
registerNextAuthShims(); // next-auth loads for real: tests/support/route-harness.ts
const { encode } = await import("next-auth/jwt");

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeContract, makeUser, TEST_PASSWORD } = await import("@/tests/support/factories");
const { fundAvailable, makeFixedContract, makeFixedSegments, slotsFrom } = await import("@/tests/support/ledger");
const { startTestRealtime, png } = await import("@/tests/support/messages");
const { blobStore } = await import("@/lib/storage");
const { setNoticeSink } = await import("@/lib/realtime/notify");
const { closeWeek } = await import("@/lib/ledger/close-week");
const { withdraw } = await import("@/lib/payouts/withdraw");
const { payBonus } = await import("@/lib/bonuses/pay-bonus");
const { fileDispute } = await import("@/lib/disputes/file-dispute");
const { respondToDispute } = await import("@/lib/disputes/resolve-dispute");
const { setPayoutSchedule } = await import("@/lib/payouts/payout-schedule");
const { createTrackerToken } = await import("@/lib/tracker-tokens/create-tracker-token");
const { makeDeviceKey, registerDeviceKey, signSegmentUpload } = await import("@/tests/support/signed-segments");
const { unsubscribeToken } = await import("@/lib/mail/unsubscribe-token");
const realtime = await startTestRealtime();
const { prisma } = await setupTestDatabase();
beforeAll(() => setNoticeSink(() => undefined));
afterAll(() => realtime.close());

// ---- the routes, from disk ---------------------------------------------------------------------

const routes = await loadRoutes();

// ---- callers and requests ----------------------------------------------------------------------

/** Who sends a request: a signed-in user (the session), a tracker (Bearer token) or a browser with next-auth's cookie. */
interface Caller {
  name: string;
  user?: CurrentUser;
  token?: string;
  cookie?: string;
}
const signedIn = (name: string, user: CurrentUser): Caller => ({ name, user });

type Body = { json: unknown } | { form: (caller: Caller) => Promise<FormData> | FormData };

interface Call {
  route: string;
  method: Method;
  url: string;
  body?: Body;
  headers?: Record<string, string>;
}

async function send(call: Call, caller: Caller): Promise<Response> {
  const handler = routes.get(call.route)?.[call.method];
  if (!handler) throw new Error(`no ${call.method} in app${call.route}/route.ts`);
  const url = new URL(call.url, "http://portal.test");
  const headers = new Headers({ host: "portal.test", ...call.headers });
  if (caller.token) headers.set("authorization", `Bearer ${caller.token}`);
  if (caller.cookie) headers.set("cookie", caller.cookie);
  let body: BodyInit | undefined;
  if (call.body && "json" in call.body) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(call.body.json);
  } else if (call.body) body = await call.body.form(caller);
  session.user = caller.user ?? null;
  const req = new NextRequest(url, { method: call.method, headers, body });
  requestScope.headers = req.headers;
  try {
    return await handler(req, { params: Promise.resolve(paramsFor(call.route, url.pathname)) });
  } finally {
    session.user = null;
  }
}

async function read(res: Response): Promise<unknown> {
  const text = await res.text();
  return (res.headers.get("content-type") ?? "").includes("json") && text ? (JSON.parse(text) as unknown) : text;
}

// ---- "nothing changed": every table (and every stored file) before and after ----------------

// rate_limit_windows and rate_limit_attempts count attempts (they are meant to move on refusals); a tracker token's
// last_used_at belongs to the caller's own token, stamped on each authenticated request.
const IGNORED: Record<string, string[]> = { tracker_tokens: ["last_used_at"] };
const tables = (
  await prisma.$queryRaw<Array<{ name: string }>>`
    SELECT table_name::text AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('_prisma_migrations', 'rate_limit_windows', 'rate_limit_attempts') ORDER BY 1`
).map((t) => t.name);

async function everything(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const table of tables) {
    const drop = (IGNORED[table] ?? []).map((c) => ` - '${c}'`).join("");
    const [row] = await prisma.$queryRawUnsafe<Array<{ rows: string }>>(
      `SELECT coalesce(json_agg(r ORDER BY r::text), '[]')::text AS rows FROM (SELECT to_jsonb(t)${drop} AS r FROM "${table}" t) x`,
    );
    out[table] = JSON.parse(row!.rows);
  }
  const blobs: string[] = [];
  const store = blobStore();
  if (!store.list) throw new Error("the test's blob store cannot list its files");
  for await (const b of store.list("")) blobs.push(b.key);
  out.blobs = blobs.sort();
  return out;
}

// ---- the world ---------------------------------------------------------------------------------

const clara = await makeUser(prisma, "CLIENT", { name: "Clara" });
const fiona = await makeUser(prisma, "FREELANCER", { name: "Fiona" });
const olga = await makeUser(prisma, "CLIENT", { name: "Olga" });
const otto = await makeUser(prisma, "FREELANCER", { name: "Otto" });
const admin = await makeUser(prisma, "ADMIN", { name: "Ada" });
const vera = await makeUser(prisma, "CLIENT", { name: "Vera" });
// R16.3 an admin resets vera's two-step verification, confirming with a recovery code of the admin's own
const { hashRecoveryCode } = await import("@/lib/auth/second-factor");
await prisma.secondFactor.create({ data: { userId: vera.id, secretEncrypted: "placeholder: no authenticator app", enabledAt: new Date(NOW), createdAt: new Date(NOW) } });
await prisma.recoveryCode.create({ data: { userId: admin.id, codeHash: hashRecoveryCode("admin-recovery-code"), createdAt: new Date(NOW) } });
const as = { clara: signedIn("clara", clara), fiona: signedIn("fiona", fiona), olga: signedIn("olga", olga), otto: signedIn("otto", otto), admin: signedIn("admin", admin) };

const contract = async (name: string, clientId: string, freelancerId: string) => {
  const id = await makeFixedContract(prisma, { name, clientId, freelancerId, rateCents: 6000, limitHours: 40 });
  const conversation = await prisma.conversation.create({ data: { contractId: id } });
  return { id, conversationId: conversation.id };
};
const A = await contract("victim", clara.id, fiona.id); // diary, screenshots, messages, money
await prisma.contract.update({ where: { id: A.id }, data: { manualTimeAllowed: true } });
const B = await contract("outsiders", olga.id, otto.id); // the outsiders' own contract
// One dispute per invoiced week and a dispute pauses its contract (R7.2), so each dispute has its own contract.
const disputed = { open: await contract("dispute-open", clara.id, fiona.id), toWithdraw: await contract("dispute-withdraw", clara.id, fiona.id), toResolve: await contract("dispute-review", clara.id, fiona.id), toFile: await contract("dispute-file", clara.id, fiona.id) };
const forTerms = await makeContract(prisma, clara, fiona, { title: "Terms" });
const forStatus = await makeContract(prisma, clara, fiona, { title: "Status" });
const forRehire = await makeContract(prisma, clara, fiona, { title: "Rehire" });

const lastWeek = slotsFrom(new Date("2024-06-04T09:00:00Z"), 4);
const [shotSegment] = await makeFixedSegments(prisma, A.id, lastWeek);
const segmentsOf: Record<string, string[]> = {};
for (const [k, c] of Object.entries(disputed)) segmentsOf[k] = await makeFixedSegments(prisma, c.id, lastWeek);
const shot = await prisma.screenshot.findUniqueOrThrow({ where: { segmentId: shotSegment! } });
const jpeg = await sharp({ create: { width: 32, height: 20, channels: 3, background: "#336699" } }).jpeg().toBuffer();
await blobStore().put(shot.storageKey, jpeg, "image/jpeg");
await blobStore().put(shot.thumbKey, jpeg, "image/webp");
await closeWeek({ weekStart: new Date("2024-06-03T00:00:00Z"), now: new Date("2024-06-10T12:00:00Z") });
// this week's segments, editable (R1.3): one for the portal's delete, one for the tracker's
const [diaryDeletable, trackerDeletable] = await makeFixedSegments(prisma, A.id, slotsFrom(new Date("2024-06-10T09:00:00Z"), 2));

const hourly = await prisma.ledgerTransfer.findFirstOrThrow({ where: { contractId: A.id, type: "HOURLY" } });
const fileOn = async (key: keyof typeof disputed) =>
  (await fileDispute(clara, { contractId: disputed[key].id, weekStart: new Date("2024-06-03T00:00:00Z"), segmentIds: segmentsOf[key]!.slice(0, 2), reason: "These were not our project" }, NOW)).id;
const openDispute = await fileOn("open");
const disputeToWithdraw = await fileOn("toWithdraw");
const disputeToResolve = await fileOn("toResolve");
await respondToDispute(fiona, disputeToResolve, "decline", NOW); // escalated: awaits an admin

await prisma.user.update({ where: { id: clara.id }, data: { paymentVerifiedAt: NOW } }); // bonuses need a verified payment method
await (await import("@/tests/support/billing-methods")).addVerifiedCard(prisma, clara.id); // R14.2 and a default card to charge them on
const bonus = await payBonus(clara, { contractId: A.id, amountCents: 2_500, memo: "Thanks", idempotencyKey: "setup-bonus-1" }, NOW);
const method = await fundAvailable(prisma, fiona.id, 50_000, NOW); // usable, with money behind it
const otherMethod = async (label: string) =>
  (await prisma.payoutMethod.create({ data: { userId: fiona.id, kind: "ACH", label, last4: "1234", details: { token: "tok_test" }, createdAt: NOW, usableFrom: NOW } })).id;
const methodToDefault = await otherMethod("Second");
const methodToRemove = await otherMethod("Third");
// clara's billing methods (R14.1), added through the sandbox provider
const { addBillingMethod } = await import("@/lib/client-billing/methods");
const { addBillingMethodSchema } = await import("@/lib/validation/billing-methods");
const claraAdds = async (body: object) => (await addBillingMethod(clara, addBillingMethodSchema(NOW).parse(body), NOW)).id;
const claraCard = (cardNumber: string) => claraAdds({ kind: "CARD", cardNumber, expiry: "12/29", cvc: "123" });
const billingMethodShown = await claraCard("4242424242424242");
const billingMethodToDefault = await claraCard("4242424242424242");
const billingMethodToRemove = await claraCard("4242424242424242");
const billingMethodChallenged = await claraCard("4000002760003184");
const billingMethodBank = await claraAdds({ kind: "BANK_ACCOUNT", accountHolder: "Clara", routingNumber: "110000000", accountNumber: "000123456789" });
const clarasBillingMethods = () => prisma.billingMethod.findMany({ where: { clientId: clara.id }, orderBy: { id: "asc" } });
// clara's weekly charge that failed (R14.3), to be paid now on her default card
const failedCharge = await prisma.charge.create({
  data: { id: randomUUID(), referenceId: "HG-CHG-2024W22-ACCESS0001", clientId: clara.id, kind: "WEEKLY", weekStart: new Date("2024-05-27T00:00:00Z"), amountCents: 1030, status: "FAILED", attempts: 1, failedAt: NOW, createdAt: NOW },
});
const { withdrawal } = await withdraw(fiona, { amountCents: 10_000, methodId: method, idempotencyKey: "setup-withdrawal-1" }, NOW);
await setPayoutSchedule(fiona, { frequency: "WEEKLY" }, NOW);

const fionaToken = await createTrackerToken(fiona, "Laptop", NOW);
const tokenToRevoke = await createTrackerToken(fiona, "Old laptop", NOW);
const ottoToken = await createTrackerToken(otto, "Otto's laptop", NOW);
const ottosSignedOutToken = await createTrackerToken(otto, "Otto's old desktop", NOW); // signs itself out (DELETE /api/tracker/v1/token)
const tracker = { fiona: { name: "fiona's tracker", token: fionaToken.token }, otto: { name: "otto's tracker", token: ottoToken.token } };
// R15.1 each tracker signs its uploads with its own registered device key; otto's new tracker has none yet
const devices = new Map([fionaToken, ottoToken].map((t) => [t.token, { tokenId: t.id, key: makeDeviceKey() }]));
for (const d of devices.values()) await registerDeviceKey(prisma, d.tokenId, d.key);
const ottosKeylessToken = await createTrackerToken(otto, "Otto's new laptop", NOW);
const ottosNewKey = makeDeviceKey();
// a device sign-in fiona approved at /device (RFC 8628), not yet picked up by her tracker
const { startDeviceAuthorization } = await import("@/lib/tracker-devices/start-device-authorization");
const { decideDeviceAuthorization } = await import("@/lib/tracker-devices/decide-device-authorization");
const fionasDevice = await startDeviceAuthorization({ deviceName: "Fiona's desktop", address: "192.0.2.10", origin: "http://portal.test" }, NOW);
await decideDeviceAuthorization(fiona, { userCode: fionasDevice.user_code, decision: "approve" }, NOW);
const fionasDevices = () => prisma.deviceAuthorization.findMany({ where: { userId: fiona.id }, orderBy: { id: "asc" } });

// a message with an image from clara, sent through its route, unread by fiona
const messageForm = async () => {
  const f = new FormData();
  f.set("body", "The mockups");
  f.set("clientId", "setup-message-1");
  f.append("attachments", new Blob([new Uint8Array(await png())], { type: "image/png" }), "mockup.png");
  return f;
};
const sent = await send({ route: "/api/conversations/[conversationId]/messages", method: "POST", url: `/api/conversations/${A.conversationId}/messages`, body: { form: messageForm } }, as.clara);
const { message } = (await sent.json()) as { message: { id: string; attachments: Array<{ id: string }> } };
const attachment = message.attachments[0]!;

// R17.1 two calls on A: clara rings fiona (read, beaten, answered, signalled and hung up below); fiona rings clara, who declines
const ringingCall = (callerId: string, calleeId: string, callerTab: string) =>
  prisma.call.create({ data: { conversationId: A.conversationId, contractId: A.id, callerId, calleeId, status: "RINGING", callerTab, callerSeenAt: NOW, createdAt: NOW } });
const clarasCall = await ringingCall(clara.id, fiona.id, "clara-tab-0001");
const fionasCall = await ringingCall(fiona.id, clara.id, "fiona-tab-0001");

// next-auth's own cookies, as a browser signed in as `user` would send them: the session, and the
// CSRF pair its POST endpoints ask for (one pair, from GET /api/auth/csrf, serves both browsers)
const csrf = await send({ route: "/api/auth/[...nextauth]", method: "GET", url: "/api/auth/csrf" }, { name: "a browser" });
const { csrfToken } = (await csrf.json()) as { csrfToken: string };
const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("authjs.csrf-token="))!;
async function sessionCookie(user: CurrentUser): Promise<string> {
  const name = "authjs.session-token";
  const value = await encode({ token: { sub: user.id, email: user.email, name: user.name, role: user.role }, secret: process.env.AUTH_SECRET!, salt: name });
  return `${name}=${value}; ${csrfCookie}`;
}
const browser = { fiona: { name: "fiona's browser", cookie: await sessionCookie(fiona) }, otto: { name: "otto's browser", cookie: await sessionCookie(otto) } };

// Settings › Account (issue 16): fiona's password, sessions and email stay hers; vera asked to move to a new address
const fionasAccount = () => prisma.user.findUniqueOrThrow({ where: { id: fiona.id }, select: { email: true, passwordHash: true, sessionVersion: true } });
const { issueLinkToken } = await import("@/lib/auth/link-tokens");
const veraEmailChange = await prisma.$transaction((tx) => issueLinkToken(tx, { purpose: "email_change", userId: vera.id, email: "vera-new@example.test", ttlMs: 24 * 3_600_000 }));

// R16.4 a notification of fiona's (the setup's events gave her others too) and her switches
const fionasNotification = await prisma.notification.create({ data: { userId: fiona.id, kind: "offer_received", title: "New offer", body: "Clara sent you an offer.", link: `/contracts/${A.id}`, createdAt: NOW } });
const fionasNotifications = () => Promise.all([prisma.notification.findMany({ where: { userId: fiona.id }, orderBy: { id: "asc" } }), prisma.notificationPreference.findMany({ where: { userId: fiona.id } })]);

/** What no answer to an outsider may contain: the owners' ids and emails, their contracts' ids. */
const PRIVATE = [clara.id, clara.email, fiona.id, fiona.email, A.id, A.conversationId];
const holdsNothingPrivate = (body: unknown) => expect(PRIVATE.filter((p) => JSON.stringify(body).includes(p))).toEqual([]);

// ---- the table -----------------------------------------------------------------------------

type Entry = Call &
  (
    | {
        /** someone else's object: each outsider gets 404 and the database is unchanged; the owner's same request succeeds */
        kind: "foreign";
        what: string;
        outsiders: Caller[];
        owner: Caller;
        ownerStatus: number;
      }
    | {
        /** admin only: every other role gets 403 (the wrong role, whoever owns the object) and nothing changes */
        kind: "admin only";
        wrongRole: Caller[];
        admin: Caller;
        adminStatus: number;
      }
    | {
        /** a documented refusal other than 404, answered alike for an object that does not exist */
        kind: "refused";
        why: string;
        status: number;
        outsiders: Caller[];
        unknown: Call;
        owner: Caller;
        ownerStatus: number;
      }
    | {
        /** no one else's object in the request: what the outsider gets holds none of the owners' data */
        kind: "own";
        why: string;
        outsider: Caller;
        status: number;
        /** does this answer show the owners' object? the insider's must, the outsider's must not */
        shows?: (body: unknown) => boolean;
        insider?: Caller;
        /** the owners' rows a write of the outsider's own must leave alone */
        untouched?: () => Promise<unknown>;
      }
  );

const unknownId = "00000000-0000-4000-8000-000000000000";
const json = (value: unknown): Body => ({ json: value });
const list = <T>(body: unknown, key: string) => (body as Record<string, T[]>)[key]!;
const ids = (body: unknown, key: string) => list<{ id: string }>(body, key).map((x) => x.id);
const fionasRows = () =>
  Promise.all([
    prisma.payoutMethod.findMany({ where: { userId: fiona.id }, orderBy: { id: "asc" } }),
    prisma.payoutSchedule.findMany({ where: { userId: fiona.id } }),
    prisma.trackerToken.findMany({ where: { userId: fiona.id }, orderBy: { id: "asc" }, omit: { lastUsedAt: true } }),
  ]);
const clarasContracts = () => prisma.contract.findMany({ where: { OR: [{ clientId: clara.id }, { freelancerId: fiona.id }] }, orderBy: { id: "asc" } });
const segmentUpload = (segmentId: string) => async (caller: Caller) => {
  const f = new FormData();
  const fields = { segmentId, contractId: A.id, slotStart: "2024-06-11T09:00:00.000Z", screenshotTakenAt: "2024-06-11T09:03:00.000Z", keyboardCounts: [5, 0, 0, 0, 0, 0, 0, 0, 0, 1], mouseCounts: [0, 3, 0, 0, 0, 0, 0, 0, 0, 0], memo: "Login screen" };
  f.set("segment", JSON.stringify(signSegmentUpload(fields, devices.get(caller.token!)!, jpeg)));
  f.set("screenshot", new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }), "shot.jpg");
  return f;
};
const uploadedSegment = randomUUID();

const table: Entry[] = [
  // -- contracts
  { route: "/api/contracts", method: "GET", url: "/api/contracts", kind: "own", why: "lists the caller's own contracts", outsider: as.olga, status: 200, insider: as.clara, shows: (b) => ids(b, "contracts").includes(A.id) },
  { route: "/api/contracts", method: "POST", url: "/api/contracts", body: json({ title: "Olga's offer", clientEmail: clara.email, freelancerEmail: otto.email, hourlyRateCents: 3000, weeklyLimitHours: 10 }), kind: "own", why: "creates an offer from the caller (clients cannot name another client)", outsider: as.olga, status: 201, untouched: clarasContracts },
  { route: "/api/contracts/[id]", method: "GET", url: `/api/contracts/${A.id}`, kind: "foreign", what: "another contract", outsiders: [as.olga, as.otto], owner: as.fiona, ownerStatus: 200 },
  { route: "/api/contracts/[id]", method: "PATCH", url: `/api/contracts/${forTerms.id}`, body: json({ weeklyLimitHours: 10 }), kind: "foreign", what: "another client's contract terms", outsiders: [as.olga], owner: as.clara, ownerStatus: 200 },
  { route: "/api/contracts/[id]/[action]", method: "POST", url: `/api/contracts/${forStatus.id}/pause`, kind: "foreign", what: "another client's contract status", outsiders: [as.olga], owner: as.clara, ownerStatus: 200 },
  { route: "/api/contracts/[id]/rehire", method: "POST", url: `/api/contracts/${forRehire.id}/rehire`, body: json({ title: "Rehired", hourlyRateCents: 4000, weeklyLimitHours: 20 }), kind: "foreign", what: "another client's contract, ended and offered again", outsiders: [as.olga], owner: as.clara, ownerStatus: 201 },

  // -- Work Diary and screenshots
  { route: "/api/diary/[contractId]/days/[day]", method: "GET", url: `/api/diary/${A.id}/days/2024-06-04`, kind: "foreign", what: "another contract's diary day", outsiders: [as.olga, as.otto], owner: as.fiona, ownerStatus: 200 },
  { route: "/api/diary/[contractId]/manual-time", method: "POST", url: `/api/diary/${A.id}/manual-time`, body: json({ slotStarts: ["2024-06-10T12:00:00Z"], memo: "Planning call" }), kind: "foreign", what: "manual time on another freelancer's contract", outsiders: [as.otto], owner: as.fiona, ownerStatus: 201 },
  { route: "/api/diary/[contractId]/segments", method: "DELETE", url: `/api/diary/${B.id}/segments`, body: json({ segmentIds: [diaryDeletable] }), kind: "own", why: "otto's own contract, naming another contract's segment: refused as unknown, nothing deleted", outsider: as.otto, status: 200, shows: (b) => list<string>(b, "deleted").length > 0, untouched: () => prisma.segment.findUniqueOrThrow({ where: { id: diaryDeletable! } }) },
  { route: "/api/diary/[contractId]/segments", method: "DELETE", url: `/api/diary/${A.id}/segments`, body: json({ segmentIds: [diaryDeletable] }), kind: "foreign", what: "another freelancer's segments", outsiders: [as.otto], owner: as.fiona, ownerStatus: 200 },
  { route: "/api/screenshots/[segmentId]/[variant]", method: "GET", url: `/api/screenshots/${shotSegment}/full`, kind: "foreign", what: "another contract's screenshot", outsiders: [as.olga, as.otto], owner: as.clara, ownerStatus: 200 },
  // R15.4 a contract week's proof bundle: its client and freelancer only (an admin is an outsider here too)
  { route: "/api/proof/[contractId]/[week]", method: "GET", url: `/api/proof/${A.id}/2024-06-03`, kind: "foreign", what: "another contract's proof bundle", outsiders: [as.olga, as.otto, as.admin], owner: as.clara, ownerStatus: 200 },

  // -- tracker API (Bearer token; R2.7 segments only for the token owner's contracts)
  { route: "/api/tracker/v1/me", method: "GET", url: "/api/tracker/v1/me", kind: "own", why: "the token owner's profile and contracts", outsider: tracker.otto, status: 200, insider: tracker.fiona, shows: (b) => ids(b, "contracts").includes(A.id) },
  { route: "/api/tracker/v1/segments", method: "POST", url: "/api/tracker/v1/segments", body: { form: segmentUpload(uploadedSegment) }, kind: "foreign", what: "a segment for another freelancer's contract", outsiders: [tracker.otto], owner: tracker.fiona, ownerStatus: 201 },
  { route: "/api/tracker/v1/key", method: "PUT", url: "/api/tracker/v1/key", body: json({ publicKey: ottosNewKey.publicKey }), kind: "own", why: "registers a key only for the token it is called with (R15.1)", outsider: { name: "otto's new tracker", token: ottosKeylessToken.token }, status: 200, untouched: fionasRows },
  { route: "/api/tracker/v1/segments/[segmentId]", method: "DELETE", url: `/api/tracker/v1/segments/${trackerDeletable}`, kind: "foreign", what: "another freelancer's segment", outsiders: [tracker.otto], owner: tracker.fiona, ownerStatus: 204 },
  { route: "/api/tracker/v1/openapi.json", method: "GET", url: "/api/tracker/v1/openapi.json", kind: "own", why: "public API document, no data", outsider: tracker.otto, status: 200 },
  { route: "/api/tracker/v1/token", method: "DELETE", url: "/api/tracker/v1/token", kind: "own", why: "revokes only the token it is called with (sign-out)", outsider: { name: "otto's old tracker", token: ottosSignedOutToken.token }, status: 204, untouched: fionasRows },
  { route: "/api/tracker/v1/events", method: "POST", url: "/api/tracker/v1/events", body: json({ kind: "stopped_idle", at: NOW.toISOString(), contractId: A.id }), kind: "foreign", what: "an inactivity stop on another freelancer's contract", outsiders: [tracker.otto], owner: tracker.fiona, ownerStatus: 201 },
  { route: "/api/tracker/v1/ping", method: "GET", url: "/api/tracker/v1/ping", kind: "own", why: "public liveness and clock, no data", outsider: tracker.otto, status: 200 },
  { route: "/api/settings/tracker-tokens", method: "GET", url: "/api/settings/tracker-tokens", kind: "own", why: "lists the caller's own tokens", outsider: as.otto, status: 200, insider: as.fiona, shows: (b) => ids(b, "tokens").includes(fionaToken.id) },
  { route: "/api/settings/tracker-tokens", method: "POST", url: "/api/settings/tracker-tokens", body: json({ name: "Otto's desktop" }), kind: "own", why: "creates a token for the caller", outsider: as.otto, status: 201, untouched: fionasRows },
  { route: "/api/settings/tracker-tokens/[id]", method: "DELETE", url: `/api/settings/tracker-tokens/${tokenToRevoke.id}`, kind: "foreign", what: "another freelancer's tracker token", outsiders: [as.otto], owner: as.fiona, ownerStatus: 204 },
  { route: "/api/tracker/v1/device/code", method: "POST", url: "/api/tracker/v1/device/code", body: json({ device_name: "Otto's desktop" }), kind: "own", why: "starts a device sign-in that is no one's until approved (no credential)", outsider: tracker.otto, status: 200, untouched: fionasDevices },
  { route: "/api/tracker/v1/device/token", method: "POST", url: "/api/tracker/v1/device/token", body: json({ grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: "guessed-device-code" }), kind: "own", why: "the device code is the credential: without fiona's, her approved sign-in gives nothing (400 invalid_grant)", outsider: tracker.otto, status: 400, untouched: () => Promise.all([fionasRows(), fionasDevices()]) },
  { route: "/api/device/decision", method: "POST", url: "/api/device/decision", body: json({ userCode: fionasDevice.user_code, decision: "approve" }), kind: "own", why: "a code fiona already approved cannot be taken over (409), her sign-in unchanged", outsider: as.otto, status: 409, untouched: fionasDevices },

  // -- messages (R13)
  { route: "/api/conversations", method: "GET", url: "/api/conversations", kind: "own", why: "lists the caller's own conversations", outsider: as.otto, status: 200, insider: as.fiona, shows: (b) => ids(b, "conversations").includes(A.conversationId) },
  { route: "/api/conversations/unread", method: "GET", url: "/api/conversations/unread", kind: "own", why: "counts the caller's own unread messages", outsider: as.otto, status: 200, insider: as.fiona, shows: (b) => (b as { total: number }).total > 0 },
  { route: "/api/conversations/[conversationId]", method: "GET", url: `/api/conversations/${A.conversationId}`, kind: "foreign", what: "another contract's conversation", outsiders: [as.olga, as.otto], owner: as.fiona, ownerStatus: 200 },
  { route: "/api/conversations/[conversationId]/messages", method: "GET", url: `/api/conversations/${A.conversationId}/messages`, kind: "foreign", what: "another contract's messages", outsiders: [as.olga, as.otto], owner: as.fiona, ownerStatus: 200 },
  { route: "/api/conversations/[conversationId]/messages", method: "POST", url: `/api/conversations/${A.conversationId}/messages`, body: json({ body: "Hello from outside", clientId: "route-access-post-1" }), kind: "foreign", what: "a message into another contract's conversation", outsiders: [as.olga, as.otto], owner: as.clara, ownerStatus: 201 },
  { route: "/api/conversations/[conversationId]/read", method: "POST", url: `/api/conversations/${A.conversationId}/read`, body: json({ upToMessageId: message.id }), kind: "foreign", what: "read state in another contract's conversation", outsiders: [as.olga, as.otto], owner: as.fiona, ownerStatus: 200 },
  { route: "/api/messages/[messageId]", method: "GET", url: `/api/messages/${message.id}`, kind: "foreign", what: "another contract's message", outsiders: [as.olga, as.otto], owner: as.fiona, ownerStatus: 200 },
  { route: "/api/messages/[messageId]/attachments/[attachmentId]", method: "GET", url: `/api/messages/${message.id}/attachments/${attachment.id}`, kind: "foreign", what: "another contract's attachment", outsiders: [as.olga, as.otto], owner: as.fiona, ownerStatus: 200 },
  {
    route: "/api/realtime/auth", method: "POST", url: "/api/realtime/auth", body: json({ socket_id: "123.456", channel_name: `private-contract-${A.id}` }),
    kind: "refused", status: 403, why: "Pusher channel auth: every refusal is 403, unknown contracts too, so existence stays private (lib/contracts/authorize-channel.ts)",
    outsiders: [as.olga, as.otto], unknown: { route: "/api/realtime/auth", method: "POST", url: "/api/realtime/auth", body: json({ socket_id: "123.456", channel_name: `private-contract-${unknownId}` }) }, owner: as.fiona, ownerStatus: 200,
  },
  {
    route: "/api/realtime/webhooks", method: "POST", url: "/api/realtime/webhooks", body: json({ time_ms: NOW.getTime(), events: [{ name: "member_added", channel: `presence-contract-${A.id}`, user_id: fiona.id }] }),
    kind: "own", why: "Pusher webhooks: only the realtime server's signature with the app secret counts, a session is no credential (401 without it)", outsider: as.otto, status: 401,
    untouched: () => prisma.presenceState.findMany({ where: { userId: fiona.id } }),
  },

  // -- calls (R17.1): the two parties only; admins are no party (404), and the call channel refuses them (403)
  { route: "/api/calls/current", method: "GET", url: "/api/calls/current", kind: "own", why: "the caller's own live call", outsider: as.otto, status: 200, insider: as.fiona, shows: (b) => (b as { call: unknown }).call !== null },
  { route: "/api/calls/ice-servers", method: "GET", url: "/api/calls/ice-servers", kind: "own", why: "ICE servers from configuration, TURN credentials in the caller's own name", outsider: as.otto, status: 200 },
  { route: "/api/calls/[callId]", method: "GET", url: `/api/calls/${clarasCall.id}`, kind: "foreign", what: "another contract's call", outsiders: [as.otto, as.admin], owner: as.fiona, ownerStatus: 200 },
  { route: "/api/calls/[callId]/heartbeat", method: "POST", url: `/api/calls/${clarasCall.id}/heartbeat`, body: json({ tabId: "clara-tab-0001" }), kind: "foreign", what: "a heartbeat on another contract's call", outsiders: [as.otto, as.admin], owner: as.clara, ownerStatus: 200 },
  { route: "/api/calls/[callId]/accept", method: "POST", url: `/api/calls/${clarasCall.id}/accept`, body: json({ tabId: "fiona-tab-0002" }), kind: "foreign", what: "answering another freelancer's call", outsiders: [as.otto, as.admin], owner: as.fiona, ownerStatus: 200 },
  {
    route: "/api/calls/[callId]/signal", method: "POST", url: `/api/calls/${clarasCall.id}/signal`, body: json({ tabId: "fiona-tab-0002", to: "clara-tab-0001", kind: "answer", sdp: "v=0" }),
    kind: "foreign", what: "signalling into another contract's call", outsiders: [as.otto, as.admin], owner: as.fiona, ownerStatus: 202,
  },
  { route: "/api/calls/[callId]/hangup", method: "POST", url: `/api/calls/${clarasCall.id}/hangup`, body: json({ tabId: "clara-tab-0001" }), kind: "foreign", what: "hanging up another contract's call", outsiders: [as.otto, as.admin], owner: as.clara, ownerStatus: 200 },
  { route: "/api/calls/[callId]/decline", method: "POST", url: `/api/calls/${fionasCall.id}/decline`, body: json({ tabId: "clara-tab-0002" }), kind: "foreign", what: "declining another client's call", outsiders: [as.otto, as.admin], owner: as.clara, ownerStatus: 200 },
  { route: "/api/conversations/[conversationId]/calls", method: "POST", url: `/api/conversations/${A.conversationId}/calls`, body: json({ tabId: "clara-tab-0003" }), kind: "foreign", what: "calling from another contract's conversation", outsiders: [as.otto, as.admin], owner: as.clara, ownerStatus: 201 },
  {
    route: "/api/realtime/auth", method: "POST", url: "/api/realtime/auth", body: json({ socket_id: "123.456", channel_name: `private-call-${A.id}` }),
    kind: "refused", status: 403, why: "a contract's call channel: its two parties only, never an admin (lib/contracts/authorize-channel.ts)",
    outsiders: [as.otto, as.admin], unknown: { route: "/api/realtime/auth", method: "POST", url: "/api/realtime/auth", body: json({ socket_id: "123.456", channel_name: `private-call-${unknownId}` }) }, owner: as.fiona, ownerStatus: 200,
  },

  // -- money: ledger, bonuses, disputes (R7, R8, R12)
  { route: "/api/ledger/balances", method: "GET", url: "/api/ledger/balances", kind: "own", why: "the caller's own balances", outsider: as.otto, status: 200, insider: as.fiona, shows: (b) => (b as { balances: { inReviewCents: string } }).balances.inReviewCents !== "0" },
  { route: "/api/ledger/transactions", method: "GET", url: `/api/ledger/transactions?contract=${A.id}`, kind: "own", why: "the caller's own history; another contract as a filter finds nothing", outsider: as.otto, status: 200, insider: as.fiona, shows: (b) => JSON.stringify(b).includes(hourly.referenceId) },
  { route: "/api/ledger/transactions/export", method: "GET", url: `/api/ledger/transactions/export?contract=${A.id}`, kind: "own", why: "the caller's own history as CSV; another contract as a filter finds nothing", outsider: as.otto, status: 200, insider: as.fiona, shows: (b) => String(b).includes(hourly.referenceId) },
  { route: "/api/ledger/transfers/[referenceId]", method: "GET", url: `/api/ledger/transfers/${hourly.referenceId}`, kind: "foreign", what: "another contract's transaction by reference ID", outsiders: [as.olga, as.otto], owner: as.fiona, ownerStatus: 200 },
  { route: "/api/bonuses", method: "GET", url: `/api/bonuses?contractId=${A.id}`, kind: "own", why: "bonuses on the caller's own contracts; another contract as a filter finds nothing", outsider: as.olga, status: 200, insider: as.clara, shows: (b) => ids(b, "bonuses").includes(bonus.bonus.id) },
  { route: "/api/bonuses", method: "POST", url: "/api/bonuses", body: json({ contractId: A.id, amountCents: 2_500, memo: "From outside" }), headers: { "idempotency-key": "route-access-bonus-1" }, kind: "foreign", what: "a bonus on another client's contract", outsiders: [as.olga], owner: as.clara, ownerStatus: 201 },
  { route: "/api/disputes", method: "GET", url: `/api/disputes?contractId=${disputed.open.id}`, kind: "own", why: "the caller's own disputes; another contract as a filter finds nothing", outsider: as.olga, status: 200, insider: as.clara, shows: (b) => ids(b, "disputes").includes(openDispute) },
  { route: "/api/disputes", method: "POST", url: "/api/disputes", body: json({ contractId: disputed.toFile.id, weekStart: "2024-06-03", segmentIds: segmentsOf.toFile!.slice(0, 2), reason: "Not the work we agreed" }), kind: "foreign", what: "a dispute on another client's contract", outsiders: [as.olga], owner: as.clara, ownerStatus: 201 },
  { route: "/api/disputes/[id]", method: "GET", url: `/api/disputes/${openDispute}`, kind: "foreign", what: "another contract's dispute", outsiders: [as.olga, as.otto], owner: as.clara, ownerStatus: 200 },
  { route: "/api/disputes/[id]/respond", method: "POST", url: `/api/disputes/${openDispute}/respond`, body: json({ answer: "accept" }), kind: "foreign", what: "an answer to another freelancer's dispute", outsiders: [as.otto], owner: as.fiona, ownerStatus: 200 },
  { route: "/api/disputes/[id]/withdraw", method: "POST", url: `/api/disputes/${disputeToWithdraw}/withdraw`, kind: "foreign", what: "withdrawing another client's dispute", outsiders: [as.olga], owner: as.clara, ownerStatus: 200 },
  { route: "/api/disputes/[id]/resolve", method: "POST", url: `/api/disputes/${disputeToResolve}/resolve`, kind: "admin only", wrongRole: [as.clara, as.fiona, as.olga, as.otto], admin: as.admin, adminStatus: 200 },

  // -- getting paid (R10)
  { route: "/api/payout-methods", method: "GET", url: "/api/payout-methods", kind: "own", why: "lists the caller's own methods", outsider: as.otto, status: 200, insider: as.fiona, shows: (b) => ids(b, "methods").includes(method) },
  { route: "/api/payout-methods", method: "POST", url: "/api/payout-methods", body: json({ kind: "ACH", accountHolder: "Otto Outsider", routingNumber: "011000015", accountNumber: "12345678" }), kind: "own", why: "adds a method for the caller", outsider: as.otto, status: 201, untouched: fionasRows },
  { route: "/api/payout-methods/[id]", method: "PATCH", url: `/api/payout-methods/${methodToDefault}`, body: json({ isDefault: true }), kind: "foreign", what: "another freelancer's payout method", outsiders: [as.otto], owner: as.fiona, ownerStatus: 200 },
  { route: "/api/payout-methods/[id]", method: "DELETE", url: `/api/payout-methods/${methodToRemove}`, kind: "foreign", what: "another freelancer's payout method", outsiders: [as.otto], owner: as.fiona, ownerStatus: 204 },
  { route: "/api/billing-methods", method: "GET", url: "/api/billing-methods", kind: "own", why: "lists the caller's own billing methods", outsider: as.olga, status: 200, insider: as.clara, shows: (b) => ids(b, "methods").includes(billingMethodShown) },
  { route: "/api/billing-methods", method: "POST", url: "/api/billing-methods", body: json({ kind: "CARD", cardNumber: "4242 4242 4242 4242", expiry: "12/29", cvc: "123" }), kind: "own", why: "adds a billing method for the caller", outsider: as.olga, status: 201, untouched: clarasBillingMethods },
  { route: "/api/billing-methods/[id]", method: "PATCH", url: `/api/billing-methods/${billingMethodToDefault}`, body: json({ isDefault: true }), kind: "foreign", what: "another client's billing method", outsiders: [as.olga], owner: as.clara, ownerStatus: 200 },
  { route: "/api/billing-methods/[id]", method: "DELETE", url: `/api/billing-methods/${billingMethodToRemove}`, kind: "foreign", what: "another client's billing method", outsiders: [as.olga], owner: as.clara, ownerStatus: 204 },
  { route: "/api/billing-methods/[id]/challenge", method: "POST", url: `/api/billing-methods/${billingMethodChallenged}/challenge`, body: json({ outcome: "complete" }), kind: "foreign", what: "another client's card challenge", outsiders: [as.olga], owner: as.clara, ownerStatus: 200 },
  { route: "/api/charges", method: "GET", url: "/api/charges", kind: "own", why: "lists the caller's own charges", outsider: as.olga, status: 200, insider: as.clara, shows: (b) => ids(b, "charges").includes(failedCharge.id) },
  { route: "/api/charges/[id]/pay", method: "POST", url: `/api/charges/${failedCharge.id}/pay`, body: json({}), kind: "foreign", what: "paying another client's charge", outsiders: [as.olga], owner: as.clara, ownerStatus: 200 },
  { route: "/api/billing-methods/[id]/microdeposits", method: "POST", url: `/api/billing-methods/${billingMethodBank}/microdeposits`, body: json({ amounts: [32, 45] }), kind: "foreign", what: "another client's bank account", outsiders: [as.olga], owner: as.clara, ownerStatus: 200 },
  { route: "/api/payout-schedule", method: "GET", url: "/api/payout-schedule", kind: "own", why: "the caller's own schedule", outsider: as.otto, status: 200, insider: as.fiona, shows: (b) => (b as { schedule: unknown }).schedule !== null },
  { route: "/api/payout-schedule", method: "PUT", url: "/api/payout-schedule", body: json({ frequency: "MONTHLY" }), kind: "own", why: "sets the caller's own schedule", outsider: as.otto, status: 200, untouched: fionasRows },
  { route: "/api/payout-schedule", method: "DELETE", url: "/api/payout-schedule", kind: "own", why: "stops the caller's own schedule", outsider: as.otto, status: 204, untouched: fionasRows },
  { route: "/api/withdrawals", method: "GET", url: "/api/withdrawals", kind: "own", why: "lists the caller's own withdrawals", outsider: as.otto, status: 200, insider: as.fiona, shows: (b) => ids(b, "withdrawals").includes(withdrawal.id) },
  { route: "/api/withdrawals", method: "POST", url: "/api/withdrawals", body: json({ amountCents: 1_000, methodId: method, password: TEST_PASSWORD }), headers: { "idempotency-key": "route-access-withdrawal-1" }, kind: "foreign", what: "a withdrawal to another freelancer's payout method", outsiders: [as.otto], owner: as.fiona, ownerStatus: 201 },
  { route: "/api/withdrawals/[id]", method: "GET", url: `/api/withdrawals/${withdrawal.id}`, kind: "foreign", what: "another freelancer's withdrawal", outsiders: [as.otto], owner: as.fiona, ownerStatus: 200 },

  // -- notifications (R16.4); olga is the outsider: the setup's offers and disputes notify otto and fiona
  { route: "/api/notifications", method: "GET", url: "/api/notifications", kind: "own", why: "lists the caller's own notifications", outsider: as.olga, status: 200, insider: as.fiona, shows: (b) => ids(b, "notifications").includes(fionasNotification.id) },
  { route: "/api/notifications/unread", method: "GET", url: "/api/notifications/unread", kind: "own", why: "counts the caller's own unread notifications", outsider: as.olga, status: 200, insider: as.fiona, shows: (b) => (b as { total: number }).total > 0 },
  { route: "/api/notifications/[id]", method: "PATCH", url: `/api/notifications/${fionasNotification.id}`, body: json({ read: true }), kind: "foreign", what: "another user's notification", outsiders: [as.olga, as.otto, as.clara], owner: as.fiona, ownerStatus: 200 },
  { route: "/api/notifications/read-all", method: "POST", url: "/api/notifications/read-all", kind: "own", why: "marks the caller's own notifications read", outsider: as.olga, status: 200, untouched: fionasNotifications },
  { route: "/api/notifications/preferences", method: "GET", url: "/api/notifications/preferences", kind: "own", why: "the caller's own switches", outsider: as.olga, status: 200 },
  { route: "/api/notifications/preferences", method: "PUT", url: "/api/notifications/preferences", body: json({ kind: "offer_received", email: false }), kind: "own", why: "moves the caller's own switch", outsider: as.olga, status: 200, untouched: fionasNotifications },

  // -- accounts and the rest
  { route: "/api/admin/users/[id]", method: "PATCH", url: `/api/admin/users/${vera.id}`, body: json({ paymentVerified: true, reason: "Wire transfer received" }), kind: "admin only", wrongRole: [as.clara, as.fiona], admin: as.admin, adminStatus: 204 },
  { route: "/api/admin/users/[id]/second-factor", method: "DELETE", url: `/api/admin/users/${vera.id}/second-factor`, body: json({ code: "admin-recovery-code" }), kind: "admin only", wrongRole: [as.clara, as.fiona, as.otto], admin: as.admin, adminStatus: 204 },
  // joining (R16.1, R16.2): sign-up answers alike for an address with an account; the links' tokens are the credential
  { route: "/api/accounts/sign-up", method: "POST", url: "/api/accounts/sign-up", body: json({ name: "Not Fiona", email: fiona.email, password: "plum kettle harbour lantern" }), kind: "own", why: "signs up a new client; fiona's address gets the same answer and her account is unchanged", outsider: as.otto, status: 202, untouched: () => prisma.user.findUniqueOrThrow({ where: { id: fiona.id } }) },
  { route: "/api/accounts/confirmation", method: "POST", url: "/api/accounts/confirmation", kind: "own", why: "a new confirmation link for the caller's own address (otto's is confirmed: none sent)", outsider: as.otto, status: 200, untouched: () => prisma.linkToken.findMany({ where: { userId: fiona.id } }) },
  { route: "/api/accounts/invitations", method: "POST", url: "/api/accounts/invitations", body: json({ email: "invited-admin@example.test", role: "ADMIN" }), kind: "admin only", wrongRole: [as.clara, as.fiona], admin: as.admin, adminStatus: 201 },
  { route: "/api/accounts/invitations/accept", method: "POST", url: "/api/accounts/invitations/accept", body: json({ token: "guessed-invitation-token", name: "Otto", password: "plum kettle harbour lantern" }), kind: "own", why: "the invitation's token is the credential: a guessed one is unknown (404)", outsider: as.otto, status: 404, untouched: () => prisma.user.findUniqueOrThrow({ where: { id: fiona.id } }) },
  { route: "/api/accounts/setup", method: "POST", url: "/api/accounts/setup", body: json({ token: "guessed-setup-token", name: "Otto", email: "otto-admin@example.test", password: "plum kettle harbour lantern" }), kind: "own", why: "the setup link's token is the credential: a guessed one is unknown (404), no admin made", outsider: as.otto, status: 404, untouched: () => prisma.user.findMany({ where: { role: "ADMIN" }, orderBy: { id: "asc" } }) },
  // two-step verification (R16.3): only ever the caller's own; otto has none, fiona's is left alone
  { route: "/api/account/second-factor", method: "GET", url: "/api/account/second-factor", kind: "own", why: "the caller's own two-step verification status", outsider: as.otto, status: 200 },
  { route: "/api/account/second-factor", method: "POST", url: "/api/account/second-factor", body: json({ code: "123456" }), kind: "own", why: "confirms the caller's own enrolment (otto started none)", outsider: as.otto, status: 409, untouched: () => prisma.secondFactor.findMany({ where: { userId: fiona.id } }) },
  { route: "/api/account/second-factor/recovery-codes", method: "POST", url: "/api/account/second-factor/recovery-codes", body: json({ code: "123456" }), kind: "own", why: "new recovery codes for the caller (otto has two-step verification off)", outsider: as.otto, status: 409, untouched: () => prisma.recoveryCode.findMany({ where: { userId: fiona.id } }) },
  { route: "/api/account/second-factor/enrolment", method: "POST", url: "/api/account/second-factor/enrolment", kind: "own", why: "a new secret for the caller's own authenticator app", outsider: as.otto, status: 201, untouched: () => prisma.secondFactor.findMany({ where: { userId: fiona.id } }) },
  { route: "/api/account/second-factor", method: "DELETE", url: "/api/account/second-factor", kind: "own", why: "turns off the caller's own two-step verification", outsider: as.otto, status: 204, untouched: () => prisma.secondFactor.findMany({ where: { userId: fiona.id } }) },
  { route: "/api/session", method: "POST", url: "/api/session", body: json({ email: fiona.email, password: "not fiona's password" }), kind: "own", why: "signs the caller in; another user's email without her password is refused", outsider: as.otto, status: 401 },
  { route: "/api/session", method: "DELETE", url: "/api/session", kind: "own", why: "signs the caller out", outsider: browser.otto, status: 200 },
  { route: "/api/auth/[...nextauth]", method: "GET", url: "/api/auth/session", kind: "own", why: "next-auth's endpoints answer for the cookie's own session", outsider: browser.otto, status: 200, insider: browser.fiona, shows: (b) => JSON.stringify(b).includes(fiona.id) },
  { route: "/api/auth/[...nextauth]", method: "POST", url: "/api/auth/session", body: json({ csrfToken }), kind: "own", why: "next-auth's endpoints answer for the cookie's own session", outsider: browser.otto, status: 200, insider: browser.fiona, shows: (b) => JSON.stringify(b).includes(fiona.id) },
  // -- keeping an account (issue 16, R16.2)
  { route: "/api/account/password-reset", method: "POST", url: "/api/account/password-reset", body: json({ email: fiona.email }), kind: "own", why: "mails a reset link to the email's own inbox; the answer is the same for every email (202)", outsider: as.otto, status: 202, untouched: fionasAccount },
  { route: "/api/account/password-reset/confirm", method: "POST", url: "/api/account/password-reset/confirm", body: json({ token: "guessed-reset-token", password: "violet tangerine harbour 9" }), kind: "own", why: "the emailed token is the credential: a guessed one is unknown (404)", outsider: as.otto, status: 404, untouched: fionasAccount },
  { route: "/api/account/password", method: "PUT", url: "/api/account/password", body: json({ currentPassword: TEST_PASSWORD, newPassword: "violet tangerine harbour 9" }), kind: "own", why: "changes the caller's own password", outsider: as.otto, status: 200, untouched: fionasAccount },
  { route: "/api/account/email", method: "POST", url: "/api/account/email", body: json({ newEmail: "otto-new@example.test", currentPassword: TEST_PASSWORD }), kind: "own", why: "asks to change the caller's own email", outsider: as.olga, status: 202, untouched: fionasAccount },
  { route: "/api/account/email/confirm", method: "POST", url: "/api/account/email/confirm", body: json({ token: veraEmailChange }), kind: "foreign", what: "another user's email-change link", outsiders: [as.otto, as.olga], owner: signedIn("vera", vera), ownerStatus: 200 },
  { route: "/api/account/sessions", method: "DELETE", url: "/api/account/sessions", kind: "own", why: "ends the caller's own other sessions", outsider: as.otto, status: 200, untouched: fionasAccount },
  { route: "/api/health", method: "GET", url: "/api/health", kind: "own", why: "liveness for load balancers, no data", outsider: as.otto, status: 200 },
  { route: "/api/health/ready", method: "GET", url: "/api/health/ready", kind: "own", why: "readiness for load balancers: each check's name and state, no data", outsider: as.otto, status: 200 },
  { route: "/api/metrics", method: "GET", url: "/api/metrics", kind: "own", why: "Prometheus metrics answer to METRICS_TOKEN, never a session; unset here, so not there at all (404)", outsider: as.otto, status: 404 },
  { route: "/api/well-known/hourglass-keys", method: "GET", url: "/api/well-known/hourglass-keys", kind: "own", why: "the portal's public keys (R15.3, /.well-known/hourglass-keys.json), public by design", outsider: as.otto, status: 200 },
  { route: "/api/unsubscribe", method: "POST", url: `/api/unsubscribe?t=${unsubscribeToken(otto.id, "offer_received")}`, kind: "own", why: "the signed link is the credential: otto's own link turns off only his own offer emails (a forged one is 404)", outsider: as.otto, status: 200, untouched: () => prisma.notificationPreference.findMany({ where: { userId: fiona.id } }) },
];

// ---- the runner ----------------------------------------------------------------------------

function title(e: Entry): string {
  const request = `${e.method} ${e.url.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id").replace(/HG-[A-Z0-9-]+/, ":referenceId")}`;
  switch (e.kind) {
    case "foreign":
      return `${request}: 404 for ${e.what}`;
    case "admin only":
      return `${request}: 403 for every role but admin`;
    case "refused":
      return `${request}: ${e.status}, ${e.why}`;
    case "own":
      return `${request}: ${e.why}`;
  }
}
const errorShape = (code: string) => ({ error: { code, message: expect.any(String) } });

/** Calls `e` as each caller and expects `status` with the error shape, every table and file unchanged. */
async function expectRefused(e: Entry, callers: Caller[], status: number, code: string): Promise<void> {
  for (const caller of callers) {
    const before = await everything();
    const res = await send(e, caller);
    expect({ caller: caller.name, status: res.status }).toEqual({ caller: caller.name, status });
    expect(await read(res)).toEqual(errorShape(code));
    expect(await everything()).toEqual(before);
  }
}

describe("every route file and method has a row", () => {
  it("the table names exactly the (route, method) pairs on disk", () => {
    const onDisk = [...routes].flatMap(([route, handlers]) => Object.keys(handlers).map((m) => `${m} ${route}`)).sort();
    const inTable = [...new Set(table.map((e) => `${e.method} ${e.route}`))].sort();
    expect(onDisk.length).toBeGreaterThan(40);
    expect(inTable).toEqual(onDisk);
  });
});

describe("a user reaching for an object that is not theirs", () => {
  it.each(table.map((e) => [title(e), e] as const))("%s", async (_name, e) => {
    switch (e.kind) {
      case "foreign":
        await expectRefused(e, e.outsiders, 404, "not_found");
        // the same request is fine for the owner, so the 404 above was about whose object it is
        expect((await send(e, e.owner)).status).toBe(e.ownerStatus);
        break;
      case "admin only":
        await expectRefused(e, e.wrongRole, 403, "forbidden");
        expect((await send(e, e.admin)).status).toBe(e.adminStatus);
        break;
      case "refused": {
        await expectRefused(e, e.outsiders, e.status, "forbidden");
        // ...exactly what a contract that does not exist gets
        const [theirs, unknown] = [await send(e, e.outsiders[0]!), await send(e.unknown, e.outsiders[0]!)];
        expect({ status: theirs.status, body: await read(theirs) }).toEqual({ status: unknown.status, body: await read(unknown) });
        expect((await send(e, e.owner)).status).toBe(e.ownerStatus);
        break;
      }
      case "own": {
        const before = await e.untouched?.();
        const res = await send(e, e.outsider);
        const body = await read(res);
        expect({ status: res.status, body }).toMatchObject({ status: e.status });
        holdsNothingPrivate(body);
        if (e.shows) expect(e.shows(body)).toBe(false);
        if (e.insider) expect(e.shows?.(await read(await send(e, e.insider)))).toBe(true);
        if (e.untouched) expect(await e.untouched()).toEqual(before);
        break;
      }
    }
  });
});

// R17.1 calls through their real route handlers on a real PostgreSQL: ringing, answering, signalling, hanging up,
// busy, declined and missed calls, tabs that go away, the sweep job, and who may do what. What notify() publishes
// is captured with setNoticeSink; time passes by moving the rows' instants back in SQL (no sleeping 45 s).
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { routeContext as ctx, routeRequest as request } from "@/tests/support/route-harness";
import type { CurrentUser } from "@/lib/auth/current-user";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));

const { setupTestDatabase } = await import("@/tests/support/database");
const { browserFor, startTestRealtime, within } = await import("@/tests/support/messages");
const realtime = await startTestRealtime(); // one test publishes for real; the others capture what notify() sends
afterAll(() => realtime.close());
const { makeContract, makeUser } = await import("@/tests/support/factories");
const { setNoticeSink } = await import("@/lib/realtime/notify");
const { channels } = await import("@/lib/realtime/client/events");
const { assertMayJoin } = await import("@/lib/contracts/authorize-channel");
const { JOBS } = await import("@/lib/jobs/definitions");
const { CALL_ATTEMPTS, callAttemptsKey } = await import("@/lib/calls/place-call");
const { prisma } = await setupTestDatabase();

const placeRoute = await import("@/app/api/conversations/[conversationId]/calls/route");
const currentRoute = await import("@/app/api/calls/current/route");
const callRoute = await import("@/app/api/calls/[callId]/route");
const acceptRoute = await import("@/app/api/calls/[callId]/accept/route");
const declineRoute = await import("@/app/api/calls/[callId]/decline/route");
const hangupRoute = await import("@/app/api/calls/[callId]/hangup/route");
const heartbeatRoute = await import("@/app/api/calls/[callId]/heartbeat/route");
const signalRoute = await import("@/app/api/calls/[callId]/signal/route");
const messagesRoute = await import("@/app/api/conversations/[conversationId]/messages/route");

type Notice = { event: string; userIds?: readonly string[]; contractId?: string; userId?: string; data?: Record<string, unknown> };
const notices: Notice[] = [];
setNoticeSink((n) => notices.push(n as Notice));
afterAll(() => setNoticeSink(null));
beforeEach(() => {
  notices.length = 0;
  session.user = null;
});

interface CallJson {
  id: string;
  status: string;
  outcome: string | null;
  calleeTab: string | null;
  durationSeconds: number | null;
  caller: { id: string };
}

/** Calls a route handler as `user`; the status and the JSON answer. */
async function as(user: CurrentUser, handler: (req: ReturnType<typeof request>, c: ReturnType<typeof ctx>) => Promise<Response>, path: string, params: object, json?: unknown) {
  session.user = user;
  const res = await handler(request(path, json === undefined ? {} : { method: "POST", json }), ctx(params));
  session.user = null;
  return { status: res.status, body: (await res.json()) as { call: CallJson } & { error?: { code: string; fields?: Record<string, string> } } };
}

const place = (u: CurrentUser, conversationId: string, tabId: string) => as(u, placeRoute.POST, `/api/conversations/${conversationId}/calls`, { conversationId }, { tabId });
const onCall = (route: { POST: typeof acceptRoute.POST }, name: string) => (u: CurrentUser, callId: string, body: object) => as(u, route.POST, `/api/calls/${callId}/${name}`, { callId }, body);
const accept = onCall(acceptRoute, "accept");
const decline = onCall(declineRoute, "decline");
const hangup = onCall(hangupRoute, "hangup");
const heartbeat = onCall(heartbeatRoute, "heartbeat");
const signal = onCall(signalRoute, "signal");
const getCall = (u: CurrentUser, callId: string) => as(u, callRoute.GET, `/api/calls/${callId}`, { callId });
const current = (u: CurrentUser) => as(u, currentRoute.GET, "/api/calls/current", {});

let n = 0;
/** A client and a freelancer with a contract and its conversation. */
async function pair(client?: CurrentUser, freelancer?: CurrentUser) {
  n++;
  const c = client ?? (await makeUser(prisma, "CLIENT", { name: `Clara ${n}` }));
  const f = freelancer ?? (await makeUser(prisma, "FREELANCER", { name: `Fiona ${n}` }));
  const contract = await makeContract(prisma, c, f, { title: `Call test ${n}` });
  const conversation = await prisma.conversation.create({ data: { contractId: contract.id } });
  return { client: c, freelancer: f, contractId: contract.id, conversationId: conversation.id };
}

async function entries(u: CurrentUser, conversationId: string) {
  session.user = u;
  const res = await messagesRoute.GET(request(`/api/conversations/${conversationId}/messages`), ctx({ conversationId }));
  session.user = null;
  const page = (await res.json()) as { messages: Array<{ body: string; senderId: string; call: { id: string; outcome: string; callerId: string; durationSeconds: number | null } | null }> };
  return page.messages.filter((m) => m.call !== null);
}

const missedNotices = (userId: string) => prisma.notification.findMany({ where: { userId, kind: "call_missed" } });
const shift = (sql: string, callId: string) => prisma.$executeRawUnsafe(`UPDATE calls SET ${sql} WHERE id = $1::uuid`, callId);

describe("a call from ring to hang-up", () => {
  it("rings the callee, connects one tab each, relays signals between them, and leaves one entry with its length for both", async () => {
    const w = await pair();
    const rang = await place(w.client, w.conversationId, "clara-tab-1");
    expect(rang.status).toBe(201);
    expect(rang.body.call).toMatchObject({ status: "ringing", outcome: null, callerTab: "clara-tab-1", calleeTab: null, caller: { id: w.client.id, name: w.client.name } });
    const callId = rang.body.call.id;
    expect(notices).toContainEqual(expect.objectContaining({ event: "call-updated", userIds: [w.client.id, w.freelancer.id], data: expect.objectContaining({ callId, status: "ringing" }) }));
    // a page the callee opens mid-ring finds it
    expect((await current(w.freelancer)).body.call?.id).toBe(callId);

    const answered = await accept(w.freelancer, callId, { tabId: "fiona-tab-1" });
    expect(answered.body.call).toMatchObject({ status: "active", calleeTab: "fiona-tab-1" });
    notices.length = 0;
    expect((await signal(w.client, callId, { tabId: "clara-tab-1", to: "fiona-tab-1", kind: "offer", sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" })).status).toBe(202);
    expect((await signal(w.freelancer, callId, { tabId: "fiona-tab-1", to: "clara-tab-1", kind: "candidate", candidate: { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMid: "0", sdpMLineIndex: 0 } })).status).toBe(202);
    expect(notices).toEqual([
      { event: "call-signal", contractId: w.contractId, data: { callId, from: "clara-tab-1", to: "fiona-tab-1", kind: "offer", sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" } },
      { event: "call-signal", contractId: w.contractId, data: { callId, from: "fiona-tab-1", to: "clara-tab-1", kind: "candidate", candidate: { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMid: "0", sdpMLineIndex: 0 } } },
    ]);
    expect(channels.call(w.contractId)).toBe(`private-call-${w.contractId}`);

    await shift(`answered_at = answered_at - interval '65 seconds'`, callId); // the call went on a minute
    const ended = await hangup(w.client, callId, { tabId: "clara-tab-1" });
    expect(ended.body.call).toMatchObject({ status: "ended", outcome: "completed" });
    expect(ended.body.call.durationSeconds).toBeGreaterThanOrEqual(65);
    // idempotent: hanging up again (the other side's button, a beacon) answers the ended call, no second entry
    expect((await hangup(w.freelancer, callId, { tabId: "fiona-tab-1" })).body.call).toMatchObject({ status: "ended", outcome: "completed" });

    for (const party of [w.client, w.freelancer]) {
      const list = await entries(party, w.conversationId);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ senderId: w.client.id, call: { id: callId, outcome: "completed", callerId: w.client.id } });
      expect(list[0]!.body).toMatch(/^Call, 1:0[5-7]$/);
    }
    expect(await missedNotices(w.freelancer.id)).toEqual([]);
    // signalling is over with the call
    expect((await signal(w.client, callId, { tabId: "clara-tab-1", to: "fiona-tab-1", kind: "restart" })).body.error?.code).toBe("call_ended");
  });

  it("the offer reaches the callee's tab over our realtime server, on the call channel its browser may join", async () => {
    const w = await pair();
    const callId = (await place(w.client, w.conversationId, "live-tab-1")).body.call.id;
    await accept(w.freelancer, callId, { tabId: "live-tab-2" });
    const callee = browserFor(realtime, w.freelancer);
    setNoticeSink(null);
    try {
      const signalled = within<Record<string, unknown>>(5000, "call-signal at the callee", (resolve, reject) => {
        const channel = callee.subscribe(channels.call(w.contractId));
        channel.bind("pusher:subscription_error", (e: unknown) => reject(new Error(JSON.stringify(e))));
        channel.bind("pusher:subscription_succeeded", () => void signal(w.client, callId, { tabId: "live-tab-1", to: "live-tab-2", kind: "offer", sdp: "v=0\r\n" }));
        channel.bind("call-signal", resolve);
      });
      expect(await signalled).toEqual({ callId, from: "live-tab-1", to: "live-tab-2", kind: "offer", sdp: "v=0\r\n" });
    } finally {
      callee.disconnect();
      setNoticeSink((e) => notices.push(e as Notice));
    }
  });

  it("a hang-up sent as navigator.sendBeacon's text/plain body ends the call", async () => {
    const w = await pair();
    const callId = (await place(w.client, w.conversationId, "beacon-tab-1")).body.call.id;
    await accept(w.freelancer, callId, { tabId: "beacon-tab-2" });
    session.user = w.freelancer;
    const res = await hangupRoute.POST(
      request(`/api/calls/${callId}/hangup`, { method: "POST", body: JSON.stringify({ tabId: "beacon-tab-2", reason: "hangup" }), headers: { "content-type": "text/plain;charset=UTF-8" } }),
      ctx({ callId }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { call: CallJson }).call).toMatchObject({ status: "ended", outcome: "completed" });
  });
});

describe("busy", () => {
  it("calling someone in a call is 409 busy and leaves a Busy entry and a missed-call notice; a caller in a call gets already_in_call", async () => {
    const first = await pair();
    const second = await pair(undefined, first.freelancer); // another client of the same freelancer
    const third = await pair(first.client); // the first client's other contract
    const live = await place(first.client, first.conversationId, "busy-tab-a");
    expect(live.status).toBe(201);

    const busy = await place(second.client, second.conversationId, "busy-tab-c");
    expect(busy).toMatchObject({ status: 409, body: { error: { code: "busy", message: `${first.freelancer.name} is on another call.` } } });
    const [entry] = await entries(second.client, second.conversationId);
    expect(entry).toMatchObject({ body: "Busy", call: { outcome: "busy", callerId: second.client.id } });
    expect(await missedNotices(first.freelancer.id)).toEqual([expect.objectContaining({ title: `Missed call from ${second.client.name}`, link: `/messages/${second.conversationId}` })]);

    const again = await place(first.client, third.conversationId, "busy-tab-a");
    expect(again).toMatchObject({ status: 409, body: { error: { code: "already_in_call" } } });
    expect(await prisma.call.count({ where: { conversationId: third.conversationId } })).toBe(0);
    await hangup(first.client, live.body.call.id, { tabId: "busy-tab-a" });
  });

  it("two calls to one callee at the same instant, from two contracts: exactly one rings", async () => {
    const a = await pair();
    const b = await pair(undefined, a.freelancer);
    const results = await Promise.all([place(a.client, a.conversationId, "race-tab-a"), place(b.client, b.conversationId, "race-tab-b")]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await prisma.call.count({ where: { calleeId: a.freelancer.id, status: { not: "ENDED" } } })).toBe(1);
    expect(await prisma.call.count({ where: { calleeId: a.freelancer.id, outcome: "BUSY" } })).toBe(1);
  });
});

describe("call attempts", () => {
  it("a caller gets 429 past 10 unanswered calls a minute; an answered call is given back", async () => {
    const w = await pair();
    // nine unanswered calls in the last minute (as place-call records them)
    const recent = Array.from({ length: CALL_ATTEMPTS.limit - 1 }, (_, i) => new Date(Date.now() - 30_000 + i));
    await prisma.$executeRaw`INSERT INTO rate_limit_attempts (key, attempts, updated_at) VALUES (${callAttemptsKey(w.client.id)}, ${recent}::timestamptz[], now())`;
    const tenth = (await place(w.client, w.conversationId, "limit-tab-1")).body.call.id;
    await accept(w.freelancer, tenth, { tabId: "limit-tab-2" }); // answered: given back
    await hangup(w.client, tenth, { tabId: "limit-tab-1" });
    const eleventh = await place(w.client, w.conversationId, "limit-tab-1");
    expect(eleventh.status).toBe(201);
    await hangup(w.client, eleventh.body.call.id, { tabId: "limit-tab-1" }); // unanswered: counts
    expect(await place(w.client, w.conversationId, "limit-tab-1")).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
  });
});

describe("declined and missed", () => {
  it("the callee declines: Declined call, no missed-call notice; the caller cannot decline", async () => {
    const w = await pair();
    const callId = (await place(w.freelancer, w.conversationId, "decl-tab-1")).body.call.id; // the freelancer calls the client
    expect(await decline(w.freelancer, callId, { tabId: "decl-tab-1" })).toMatchObject({ status: 403 });
    expect((await decline(w.client, callId, { tabId: "decl-tab-2" })).body.call).toMatchObject({ status: "ended", outcome: "declined" });
    expect(await entries(w.client, w.conversationId)).toEqual([expect.objectContaining({ body: "Declined call", call: expect.objectContaining({ outcome: "declined" }) })]);
    expect(await missedNotices(w.client.id)).toEqual([]);
    expect((await accept(w.client, callId, { tabId: "decl-tab-2" })).body.error?.code).toBe("call_ended");
  });

  it("a ring unanswered for 45 s ends as missed when anything touches it, with the callee's notice", async () => {
    const w = await pair();
    const callId = (await place(w.client, w.conversationId, "miss-tab-1")).body.call.id;
    await shift(`created_at = created_at - interval '46 seconds'`, callId); // still ringing 46 s later, the caller's tab still there
    notices.length = 0;
    expect((await current(w.freelancer)).body.call).toBeNull();
    expect((await getCall(w.client, callId)).body.call).toMatchObject({ status: "ended", outcome: "missed" });
    expect(await prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ endReason: "timeout" });
    expect(await entries(w.freelancer, w.conversationId)).toEqual([expect.objectContaining({ body: "Missed call", call: expect.objectContaining({ outcome: "missed" }) })]);
    expect(await missedNotices(w.freelancer.id)).toEqual([expect.objectContaining({ title: `Missed call from ${w.client.name}`, link: `/messages/${w.conversationId}` })]);
    expect(notices.map((e) => e.event).sort()).toEqual(["call-updated", "message-created", "notification-created"]);
  });

  it("the caller giving up before an answer reads Missed call to the callee", async () => {
    const w = await pair();
    const callId = (await place(w.client, w.conversationId, "cancel-tab-1")).body.call.id;
    expect((await hangup(w.client, callId, { tabId: "cancel-tab-1" })).body.call).toMatchObject({ outcome: "cancelled" });
    expect((await entries(w.freelancer, w.conversationId))[0]).toMatchObject({ body: "Missed call" });
    expect(await missedNotices(w.freelancer.id)).toHaveLength(1);
  });
});

describe("tabs that go away", () => {
  it("a side unseen for 6 s ends the answered call at the other side's next heartbeat", async () => {
    const w = await pair();
    const callId = (await place(w.client, w.conversationId, "gone-tab-1")).body.call.id;
    await accept(w.freelancer, callId, { tabId: "gone-tab-2" });
    expect((await heartbeat(w.client, callId, { tabId: "gone-tab-1" })).body.call.status).toBe("active");
    await shift(`caller_seen_at = caller_seen_at - interval '7 seconds', answered_at = answered_at - interval '20 seconds'`, callId); // the caller's tab closed
    const beat = await heartbeat(w.freelancer, callId, { tabId: "gone-tab-2" });
    expect(beat.body.call).toMatchObject({ status: "ended", outcome: "completed" });
    expect(beat.body.call.durationSeconds).toBeGreaterThanOrEqual(13); // up to the caller's last heartbeat
    expect(await prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ endReason: "peer_lost" });
    expect(await entries(w.client, w.conversationId)).toHaveLength(1);
  });

  it("the calls-sweep job ends a call whose both tabs are gone, with its entry", async () => {
    const w = await pair();
    const callId = (await place(w.client, w.conversationId, "sweep-tab-1")).body.call.id;
    await accept(w.freelancer, callId, { tabId: "sweep-tab-2" });
    await shift(`caller_seen_at = caller_seen_at - interval '8 seconds', callee_seen_at = callee_seen_at - interval '7 seconds'`, callId);
    const job = JOBS.find((j) => j.name === "calls-sweep")!;
    expect(await job.run(new Date())).toMatch(/^[1-9]\d* call\(s\) ended$/);
    expect(await prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: "ENDED", outcome: "COMPLETED", endReason: "peer_lost" });
    expect(await entries(w.freelancer, w.conversationId)).toHaveLength(1);
    const next = await job.nextRunAfter(new Date("2026-01-01T00:00:00Z"));
    expect(next.toISOString()).toBe("2026-01-01T00:00:10.000Z");
  });

  it("two callee tabs ring; the first to answer wins and the other gets 409 already_answered", async () => {
    const w = await pair();
    const callId = (await place(w.client, w.conversationId, "two-tab-caller")).body.call.id;
    expect((await heartbeat(w.freelancer, callId, { tabId: "two-tab-one" })).body.call.status).toBe("ringing");
    expect((await heartbeat(w.freelancer, callId, { tabId: "two-tab-two" })).body.call.status).toBe("ringing");
    expect((await accept(w.freelancer, callId, { tabId: "two-tab-one" })).status).toBe(200);
    expect(await accept(w.freelancer, callId, { tabId: "two-tab-two" })).toMatchObject({ status: 409, body: { error: { code: "already_answered" } } });
    // the other tab's beat tells it who answered
    expect((await heartbeat(w.freelancer, callId, { tabId: "two-tab-two" })).body.call).toMatchObject({ status: "active", calleeTab: "two-tab-one" });
    // a ringing tab closing (its beacon) neither declines nor ends the call answered elsewhere
    expect(await hangup(w.freelancer, callId, { tabId: "two-tab-two" })).toMatchObject({ status: 409, body: { error: { code: "not_in_call" } } });
    await hangup(w.client, callId, { tabId: "two-tab-caller" });
  });
});

describe("who may take part", () => {
  it("a foreign user's and an admin's get, accept, decline, heartbeat, signal and hang-up are 404; a party's third tab is 409", async () => {
    const w = await pair();
    const stranger = await makeUser(prisma, "FREELANCER", { name: "Stranger" });
    const admin = await makeUser(prisma, "ADMIN", { name: "Ada" });
    const callId = (await place(w.client, w.conversationId, "own-tab-1")).body.call.id;
    for (const outsider of [stranger, admin]) {
      expect((await place(outsider, w.conversationId, "evil-tab-1")).status).toBe(404);
      expect((await getCall(outsider, callId)).status).toBe(404);
      expect((await accept(outsider, callId, { tabId: "evil-tab-1" })).status).toBe(404);
      expect((await decline(outsider, callId, { tabId: "evil-tab-1" })).status).toBe(404);
      expect((await heartbeat(outsider, callId, { tabId: "evil-tab-1" })).status).toBe(404);
      expect((await hangup(outsider, callId, { tabId: "evil-tab-1" })).status).toBe(404);
      expect((await signal(outsider, callId, { tabId: "evil-tab-1", to: "own-tab-1", kind: "restart" })).body.error?.code).toBe("not_found");
      expect((await current(outsider)).body.call).toBeNull();
    }
    // signalling waits for the answer
    expect((await signal(w.client, callId, { tabId: "own-tab-1", to: "own-tab-2", kind: "offer", sdp: "v=0" })).body.error?.code).toBe("not_in_call");
    await accept(w.freelancer, callId, { tabId: "own-tab-2" });
    notices.length = 0;
    for (const [tabId, to] of [["own-tab-3", "own-tab-1"], ["own-tab-2", "own-tab-9"]]) {
      expect(await signal(w.freelancer, callId, { tabId, to, kind: "restart" })).toMatchObject({ status: 409, body: { error: { code: "not_in_call" } } });
    }
    expect(await hangup(w.freelancer, callId, { tabId: "own-tab-3" })).toMatchObject({ status: 409 });
    expect(notices).toEqual([]);
    expect((await getCall(w.client, callId)).body.call.status).toBe("active");
    await hangup(w.client, callId, { tabId: "own-tab-1" });
  });

  it("the call channel private-call-<contract> admits its two parties only", async () => {
    const w = await pair();
    const stranger = await makeUser(prisma, "CLIENT", { name: "Stranger" });
    const admin = await makeUser(prisma, "ADMIN", { name: "Ada" });
    const channel = channels.call(w.contractId);
    await expect(assertMayJoin(w.client, channel)).resolves.toEqual({ kind: "call", contractId: w.contractId });
    await expect(assertMayJoin(w.freelancer, channel)).resolves.toEqual({ kind: "call", contractId: w.contractId });
    for (const outsider of [stranger, admin]) await expect(assertMayJoin(outsider, channel)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("signals are validated: an oversized SDP or an unknown kind is 422 naming the field", async () => {
    const w = await pair();
    const body = { tabId: "valid-tab-1", to: "valid-tab-2" };
    const callId = "00000000-0000-4000-8000-000000000000";
    const big = await signal(w.client, callId, { ...body, kind: "offer", sdp: "a".repeat(8001) });
    expect(big).toMatchObject({ status: 422, body: { error: { code: "validation_failed", fields: { sdp: expect.any(String) } } } });
    const kind = await signal(w.client, callId, { ...body, kind: "bye" });
    expect(kind).toMatchObject({ status: 422, body: { error: { fields: { kind: "Must be offer, answer, candidate or restart." } } } });
    const binary = await signal(w.client, callId, { ...body, kind: "offer", sdp: "v=0\u0000<script>" });
    expect(binary.body.error?.fields).toEqual({ sdp: "Must be SDP text (printable ASCII lines)." });
    const noSdp = await signal(w.client, callId, { ...body, kind: "answer" });
    expect(noSdp.body.error?.fields).toHaveProperty("sdp");
    const badTab = await place(w.client, w.conversationId, "x");
    expect(badTab).toMatchObject({ status: 422, body: { error: { fields: { tabId: expect.any(String) } } } });
  });
});

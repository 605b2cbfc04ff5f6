// Every messages and realtime route, called as Next calls it, for a participant,
// an outsider (another contract's user) and a signed-out visitor. Authorization
// lives in the services' queries; these tests prove each route goes through them.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { routeContext as ctx, routeRequest as request } from "@/tests/support/route-harness";
import type { CurrentUser } from "@/lib/auth/current-user";

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: async () => session.user }));

const { setupTestDatabase } = await import("@/tests/support/database");
const { makeContract, makeUser } = await import("@/tests/support/factories");
const { disputeOn, startTestRealtime, png, PDF } = await import("@/tests/support/messages");
const { channels } = await import("@/lib/realtime/client/events");
const realtime = await startTestRealtime();
const { prisma } = await setupTestDatabase();
afterAll(() => realtime.close());

const conversationsRoute = await import("@/app/api/conversations/route");
const unreadRoute = await import("@/app/api/conversations/unread/route");
const conversationRoute = await import("@/app/api/conversations/[conversationId]/route");
const messagesRoute = await import("@/app/api/conversations/[conversationId]/messages/route");
const readRoute = await import("@/app/api/conversations/[conversationId]/read/route");
const messageRoute = await import("@/app/api/messages/[messageId]/route");
const attachmentRoute = await import("@/app/api/messages/[messageId]/attachments/[attachmentId]/route");
const authRoute = await import("@/app/api/realtime/auth/route");

const as = (user: CurrentUser | null) => (session.user = user);

const client = await makeUser(prisma, "CLIENT", { name: "Cleo" });
const freelancer = await makeUser(prisma, "FREELANCER", { name: "Fred" });
const outsider = await makeUser(prisma, "FREELANCER", { name: "Otto" });
const outsiderClient = await makeUser(prisma, "CLIENT", { name: "Olga" });
const admin = await makeUser(prisma, "ADMIN");
const contract = await makeContract(prisma, client, freelancer);
const conversation = await prisma.conversation.create({ data: { contractId: contract.id } });
await disputeOn(prisma, contract); // admins read only the conversations of disputed contracts
const otherContract = await makeContract(prisma, outsiderClient, outsider);
await prisma.conversation.create({ data: { contractId: otherContract.id } });

// A message with an image and a PDF, sent through the route itself.
as(client);
const form = new FormData();
form.set("body", "Here are the files");
form.set("clientId", "route-test-files-1");
form.append("attachments", new Blob([new Uint8Array(await png())]), "shot.png");
form.append("attachments", new Blob([new Uint8Array(PDF)]), "brief.pdf");
const sent = await messagesRoute.POST(request(`/api/conversations/${conversation.id}/messages`, { method: "POST", body: form }), ctx({ conversationId: conversation.id }));
const { message } = (await sent.json()) as { message: { id: string; attachments: Array<{ id: string; url: string; thumbUrl: string | null }> } };
const [image, pdf] = message.attachments;

beforeEach(() => as(null));

interface RouteCase {
  name: string;
  call: () => Promise<Response>;
  /** what a participant gets */
  ok: number;
}

const cases: RouteCase[] = [
  { name: "GET /api/conversations/:id", ok: 200, call: () => conversationRoute.GET(request(`/api/conversations/${conversation.id}`), ctx({ conversationId: conversation.id })) },
  { name: "GET /api/conversations/:id/messages", ok: 200, call: () => messagesRoute.GET(request(`/api/conversations/${conversation.id}/messages`), ctx({ conversationId: conversation.id })) },
  {
    name: "POST /api/conversations/:id/messages",
    ok: 201,
    call: () =>
      messagesRoute.POST(
        request(`/api/conversations/${conversation.id}/messages`, { method: "POST", json: { body: "hi", clientId: `case-${Math.random().toString(36).slice(2, 12)}` } }),
        ctx({ conversationId: conversation.id }),
      ),
  },
  { name: "POST /api/conversations/:id/read", ok: 200, call: () => readRoute.POST(request(`/api/conversations/${conversation.id}/read`, { method: "POST", json: {} }), ctx({ conversationId: conversation.id })) },
  { name: "GET /api/messages/:id", ok: 200, call: () => messageRoute.GET(request(`/api/messages/${message.id}`), ctx({ messageId: message.id })) },
  {
    name: "GET /api/messages/:id/attachments/:id",
    ok: 200,
    call: () => attachmentRoute.GET(request(image!.url), ctx({ messageId: message.id, attachmentId: image!.id })),
  },
  {
    name: "GET /api/messages/:id/attachments/:id?variant=thumb",
    ok: 200,
    call: () => attachmentRoute.GET(request(image!.thumbUrl!), ctx({ messageId: message.id, attachmentId: image!.id })),
  },
];

describe("every conversation, message and attachment route", () => {
  it.each(cases)("$name: a participant gets $ok", async ({ call, ok }) => {
    as(freelancer);
    if (ok === 201) as(client);
    expect((await call()).status).toBe(ok);
  });

  it.each(cases)("$name: another contract's user gets 404 with the standard error shape", async ({ call }) => {
    for (const user of [outsider, outsiderClient]) {
      as(user);
      const response = await call();
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    }
  });

  it.each(cases)("$name: signed out gets 401", async ({ call }) => {
    expect((await call()).status).toBe(401);
  });

  it("an outsider's lists and badge do not include the conversation", async () => {
    as(outsider);
    const list = (await (await conversationsRoute.GET(request("/api/conversations"), ctx({}))).json()) as { conversations: Array<{ id: string }> };
    expect(list.conversations.map((c) => c.id)).not.toContain(conversation.id);
    expect(await (await unreadRoute.GET(request("/api/conversations/unread"), ctx({}))).json()).toEqual({ total: 0 });
    as(client);
    expect((await cases[2]!.call()).status).toBe(201);
    as(freelancer);
    const mine = (await (await unreadRoute.GET(request("/api/conversations/unread"), ctx({}))).json()) as { total: number };
    expect(mine.total).toBeGreaterThan(0);
    as(outsider);
    expect(await (await unreadRoute.GET(request("/api/conversations/unread"), ctx({}))).json()).toEqual({ total: 0 });
  });

  it("admins may read but not post or keep read state (403 by role)", async () => {
    as(admin);
    expect((await cases[0]!.call()).status).toBe(200);
    expect((await cases[2]!.call()).status).toBe(403);
    expect((await cases[3]!.call()).status).toBe(403);
  });

  it("made-up and malformed ids are 404, not 500", async () => {
    as(client);
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const id of [missing, "nope", "1; drop table messages"]) {
      expect((await conversationRoute.GET(request(`/api/conversations/x`), ctx({ conversationId: id }))).status).toBe(404);
      expect((await messageRoute.GET(request(`/api/messages/x`), ctx({ messageId: id }))).status).toBe(404);
      expect((await attachmentRoute.GET(request(`/api/messages/x/attachments/y`), ctx({ messageId: message.id, attachmentId: id }))).status).toBe(404);
    }
  });
});

describe("POST /api/conversations/:id/messages", () => {
  const post = (init: Parameters<typeof request>[1]) =>
    messagesRoute.POST(request(`/api/conversations/${conversation.id}/messages`, { method: "POST", ...init }), ctx({ conversationId: conversation.id }));

  it("answers a retry with the stored message (200, same id)", async () => {
    as(client);
    const json = { body: "once", clientId: "route-retry-0001" };
    const first = await post({ json });
    const second = await post({ json });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect((await second.json()).message.id).toBe((await first.json()).message.id);
  });

  it("stores attachments re-encoded and serves them with private, no-sniff headers", async () => {
    as(freelancer);
    const full = await attachmentRoute.GET(request(image!.url), ctx({ messageId: message.id, attachmentId: image!.id }));
    expect(full.headers.get("content-type")).toBe("image/jpeg");
    expect(full.headers.get("cache-control")).toMatch(/^private/);
    expect(full.headers.get("x-content-type-options")).toBe("nosniff");
    expect(full.headers.get("content-disposition")).toMatch(/^inline; filename="shot.jpg"/);
    const doc = await attachmentRoute.GET(request(pdf!.url), ctx({ messageId: message.id, attachmentId: pdf!.id }));
    expect(doc.headers.get("content-disposition")).toMatch(/^attachment; filename="brief.pdf"/);
    expect(Buffer.from(await doc.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it("refuses a disallowed type with 415 and a request over the size limit with 413, naming the field", async () => {
    as(client);
    const bad = new FormData();
    bad.set("clientId", "route-bad-type-01");
    bad.append("attachments", new Blob([new Uint8Array(Buffer.from("MZ\x90\x00", "latin1"))]), "setup.png");
    const refused = await post({ body: bad });
    expect(refused.status).toBe(415);
    expect((await refused.json()).error.fields).toEqual({ attachments: expect.stringContaining("setup.png") });

    const declaredTooBig = await post({ json: { body: "x", clientId: "route-too-big-01" }, headers: { "content-length": String(60 * 1024 * 1024) } });
    expect(declaredTooBig.status).toBe(413);
  });

  it("validates fields with 422", async () => {
    as(client);
    const response = await post({ json: { body: "x".repeat(5001), clientId: "!" } });
    expect(response.status).toBe(422);
    expect(Object.keys((await response.json()).error.fields).sort()).toEqual(["body", "clientId"]);
  });

  it("refuses cross-site posts (CSRF) with 403", async () => {
    as(client);
    const response = await post({ json: { body: "x", clientId: "route-csrf-0001" }, headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(403);
  });
});

describe("POST /api/realtime/auth", () => {
  const auth = (channel: string, form = true) =>
    authRoute.POST(
      form
        ? request("/api/realtime/auth", { method: "POST", body: new URLSearchParams({ socket_id: "123.456", channel_name: channel }), headers: { "content-type": "application/x-www-form-urlencoded" } })
        : request("/api/realtime/auth", { method: "POST", json: { socket_id: "123.456", channel_name: channel } }),
      ctx({}),
    );

  it("signs the contract's private and presence channels for its client and its freelancer", async () => {
    for (const user of [client, freelancer]) {
      as(user);
      const privateAnswer = await auth(channels.contract(contract.id));
      expect(privateAnswer.status).toBe(200);
      expect(await privateAnswer.json()).toEqual({ auth: expect.stringMatching(/^test-key:[0-9a-f]{64}$/) });
      const presence = await auth(channels.conversation(contract.id), false);
      expect(presence.status).toBe(200);
      const body = (await presence.json()) as { channel_data: string };
      expect(JSON.parse(body.channel_data)).toEqual({ user_id: user.id, user_info: { name: user.name, role: user.role } });
    }
  });

  it("signs a user's own channel only", async () => {
    as(client);
    expect((await auth(channels.user(client.id))).status).toBe(200);
    expect((await auth(channels.user(freelancer.id))).status).toBe(403);
  });

  it.each([
    ["another contract's private channel", () => channels.contract(contract.id), () => outsider],
    ["another contract's presence channel", () => channels.conversation(contract.id), () => outsiderClient],
    ["an unknown contract (403, not 404: existence stays private)", () => channels.contract("00000000-0000-4000-8000-000000000000"), () => client],
    ["a public channel", () => `contract-${contract.id}`, () => client],
    ["a name we do not use", () => "private-everything", () => admin],
    ["an admin on the conversation's presence channel (admins read it only through a dispute, without presence)", () => channels.conversation(contract.id), () => admin],
  ])("refuses %s with 403", async (_label, channel, user) => {
    as(user());
    const response = await auth(channel());
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("forbidden");
  });

  it("is 401 signed out and 422 for a malformed socket id", async () => {
    expect((await auth(channels.user(client.id))).status).toBe(401);
    as(client);
    const bad = await authRoute.POST(request("/api/realtime/auth", { method: "POST", json: { socket_id: "abc", channel_name: channels.user(client.id) } }), ctx({}));
    expect(bad.status).toBe(422);
  });
});

// Realtime webhooks end to end: our server, real pusher-js browsers authorized by
// the portal's channel rules, the server's signed webhooks POSTed over HTTP into
// the real route handler, presence kept in a real PostgreSQL.
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import type PusherJs from "pusher-js";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { makeContract, makeUser } from "@/tests/support/factories";
import { browserFor, connected, within } from "@/tests/support/messages";
import { createRealtimeServer } from "@/realtime/server";
import { channels } from "@/lib/realtime/client/events";
import { registerNextAuthShims } from "@/tests/support/route-harness";

const APP = { id: "test-app", key: "test-key", secret: "test-secret" };
Object.assign(process.env, { PUSHER_APP_ID: APP.id, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, REALTIME_HOST: "127.0.0.1" });
delete process.env.PUSHER_CLUSTER;

registerNextAuthShims(); // the route's wrapper loads next-auth, as every route does
const { POST } = await import("@/app/api/realtime/webhooks/route");
const { presenceOf } = await import("@/lib/realtime/receive-webhook");
type Presence = Awaited<ReturnType<typeof presenceOf>>[number];
const { prisma } = await setupTestDatabase();

// The portal, as far as webhooks go: a real HTTP listener handing each request to the route.
const answered: number[] = [];
const portal: Server = createServer((req, res) => {
  let raw = "";
  req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
  req.on("end", () => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    void POST(new NextRequest(`http://portal.test${req.url}`, { method: "POST", headers, body: raw })).then(async (response) => {
      answered.push(response.status);
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    });
  });
});
await new Promise<void>((r) => portal.listen(0, "127.0.0.1", r));
const webhookUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}/api/realtime/webhooks`;
const realtime = await createRealtimeServer({ port: 0, apps: [{ ...APP, webhook: { url: webhookUrl } }] });
process.env.REALTIME_PORT = String(realtime.port);
afterAll(async () => {
  await realtime.close();
  await new Promise((r) => portal.close(r));
});

const browsers: PusherJs[] = [];
afterEach(() => {
  for (const b of browsers.splice(0)) b.disconnect();
});

const clara = await makeUser(prisma, "CLIENT", { name: "Clara" });
const fiona = await makeUser(prisma, "FREELANCER", { name: "Fiona" });
const contract = await makeContract(prisma, clara, fiona);
const conversation = channels.conversation(contract.id);

/** A webhook body signed as the realtime server signs it (or with another secret). */
function signed(body: unknown, secret = APP.secret): { headers: Record<string, string>; raw: string } {
  const raw = JSON.stringify(body);
  const signature = createHmac("sha256", secret).update(raw).digest("hex");
  return { raw, headers: { "content-type": "application/json", "x-pusher-key": APP.key, "x-pusher-signature": signature } };
}

async function post(request: { headers: Record<string, string>; raw: string }): Promise<{ status: number; body: unknown }> {
  const response = await POST(new NextRequest("http://portal.test/api/realtime/webhooks", { method: "POST", headers: request.headers, body: request.raw }));
  return { status: response.status, body: await response.json() };
}

/** Polls the stored presence (the webhook lands asynchronously) until it matches. */
async function presenceWhen(userId: string, what: string, ok: (p: Presence) => boolean): Promise<Presence> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const [presence] = await presenceOf([userId]);
    if (presence && ok(presence)) return presence;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe("presence from realtime webhooks", () => {
  it("a member joining shows online; leaving records when they were last seen", async () => {
    const browser = browserFor(realtime, fiona);
    browsers.push(browser);
    await connected(browser);
    const channel = browser.subscribe(conversation);
    await within(5000, "fiona's subscription", (resolve, reject) => {
      channel.bind("pusher:subscription_succeeded", resolve);
      channel.bind("pusher:subscription_error", reject);
    });
    const joined = await presenceWhen(fiona.id, "fiona online", (p) => p.online);
    expect(joined.lastSeenAt).not.toBeNull();

    const before = Date.now();
    browser.disconnect();
    const left = await presenceWhen(fiona.id, "fiona offline", (p) => !p.online);
    expect(left.lastSeenAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(left.lastSeenAt!.getTime()).toBeGreaterThanOrEqual(joined.lastSeenAt!.getTime());
    expect(answered.every((s) => s === 200)).toBe(true);
    expect(await presenceOf([clara.id])).toEqual([{ userId: clara.id, online: false, lastSeenAt: null }]);
  });

  it("refuses a body signed with another secret, or unsigned, with 401, and changes nothing", async () => {
    const body = { time_ms: Date.now(), events: [{ name: "member_added", channel: conversation, user_id: clara.id }] };
    const forged = await post(signed(body, "not-the-secret"));
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ error: { code: "unauthenticated" } });
    const { raw, headers } = signed(body);
    const unsigned = await post({ raw, headers: { ...headers, "x-pusher-signature": "" } });
    expect(unsigned.status).toBe(401);
    const otherKey = await post({ raw, headers: { ...headers, "x-pusher-key": "other-key" } });
    expect(otherKey.status).toBe(401);
    expect(await prisma.presenceState.findMany({ where: { userId: clara.id } })).toEqual([]);
  });

  it("keeps the newest state when webhooks arrive out of order, and skips what is not a member of ours", async () => {
    const t = Date.now();
    const removed = await post(signed({ time_ms: t, events: [{ name: "member_removed", channel: conversation, user_id: clara.id }] }));
    expect(removed).toEqual({ status: 200, body: { applied: 1 } });
    const late = await post(signed({ time_ms: t - 5000, events: [{ name: "member_added", channel: conversation, user_id: clara.id }] }));
    expect(late).toEqual({ status: 200, body: { applied: 0 } });
    expect(await presenceOf([clara.id])).toEqual([{ userId: clara.id, online: false, lastSeenAt: new Date(t) }]);

    const strangers = await post(
      signed({
        time_ms: t + 1,
        events: [
          { name: "member_added", channel: conversation, user_id: "00000000-0000-4000-8000-000000000000" },
          { name: "member_added", channel: "presence-elsewhere", user_id: clara.id },
          { name: "channel_occupied", channel: conversation },
        ],
      }),
    );
    expect(strangers).toEqual({ status: 200, body: { applied: 0 } });
  });
});

// Compatibility suite: the official, unmodified `pusher` server SDK and
// `pusher-js` client against our server. If hosted Pusher and this server
// ever disagree in a way these clients notice, a test here should fail.
import type Pusher from "pusher";
import type PusherJs from "pusher-js";
import type { Channel, PresenceChannel } from "pusher-js";
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createRealtimeServer, type RealtimeServer, type RealtimeServerOptions } from "./server";
import {
  APP,
  RawClient,
  pusherJsClient,
  sdkFor,
  signedFetch,
  until,
  whenConnected,
  within,
  type PresenceUser,
  type WireMessage,
} from "../tests/support/realtime-clients";

let server: RealtimeServer | undefined;
let sdk: Pusher;
let port: number;
const clients: PusherJs[] = [];
const raws: RawClient[] = [];

async function start(options: Partial<RealtimeServerOptions> = {}): Promise<void> {
  server = await createRealtimeServer({ port: 0, apps: [APP], ...options });
  port = server.port;
  sdk = sdkFor(port);
}

function client(user?: PresenceUser, signer: Pusher = sdk): PusherJs {
  const c = pusherJsClient(port, signer, user);
  clients.push(c);
  return c;
}

function raw(path?: string): RawClient {
  const r = RawClient.open(port, path);
  raws.push(r);
  return r;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  for (const r of raws.splice(0)) r.close();
  await server?.close();
  server = undefined;
});

function subscribed(channel: Channel): Promise<unknown> {
  return within(3000, `subscription to ${channel.name}`, (resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", resolve);
    channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(`refused: ${JSON.stringify(error)}`)));
  });
}

function nextEvent(channel: Channel, event: string): Promise<{ data: unknown; metadata: { user_id?: string } | undefined }> {
  return within(3000, `${event} on ${channel.name}`, (resolve) => {
    channel.bind(event, (data: unknown, metadata?: { user_id?: string }) => resolve({ data, metadata }));
  });
}

/** Records every non-internal event a channel emits, in order. */
function record(channel: Channel): Array<{ event: string; data: unknown }> {
  const seen: Array<{ event: string; data: unknown }> = [];
  channel.bind_global((event: string, data: unknown) => seen.push({ event, data }));
  return seen;
}

/** Parses a body from the SDK (node-fetch) or global fetch alike. */
async function json(response: { text(): Promise<string> }): Promise<unknown> {
  return JSON.parse(await response.text());
}

describe("connection", () => {
  it("pusher-js connects and gets a Pusher-style socket_id", async () => {
    await start();
    const socketId = await whenConnected(client());
    expect(socketId).toMatch(/^\d+\.\d+$/);
  });

  it("sends connection_established with socket_id and activity_timeout", async () => {
    await start({ activityTimeoutSeconds: 42 });
    const r = raw();
    const established = await r.waitFor((m) => m.event === "pusher:connection_established", "established");
    expect(established.data).toEqual({ socket_id: expect.stringMatching(/^\d+\.\d+$/), activity_timeout: 42 });
  });

  it.each([
    ["an unknown app key", "/app/nope?protocol=7", 4001],
    ["no protocol version", `/app/${APP.key}`, 4008],
    ["an unsupported protocol version", `/app/${APP.key}?protocol=4`, 4007],
    ["a path other than /app/:key", "/socket?protocol=7", 4005],
  ])("refuses %s with pusher:error and close code %i", async (_what, path, code) => {
    await start();
    const r = raw(path);
    const error = await r.waitFor((m) => m.event === "pusher:error", "pusher:error");
    expect(error.data).toMatchObject({ code });
    expect((await r.closed).code).toBe(code);
    expect(server?.stats().connections).toBe(0);
  });

  it("pusher-js gives up on an unknown app key (4001 means do not reconnect)", async () => {
    await start();
    const wrong = pusherJsClient(port, sdk, undefined, "wrong-key");
    clients.push(wrong);
    const code = await within<number>(3000, "a 4001 error", (resolve) => {
      wrong.connection.bind("error", (event: { error?: { data?: { code?: number } } }) => {
        if (event.error?.data?.code !== undefined) resolve(event.error.data.code);
      });
    });
    expect(code).toBe(4001);
    await until(() => wrong.connection.state === "disconnected", "pusher-js to stop");
  });

  it("answers pusher:ping with pusher:pong", async () => {
    await start();
    const r = raw();
    await r.socketId();
    r.send({ event: "pusher:ping", data: {} });
    await r.waitFor((m) => m.event === "pusher:pong", "pusher:pong");
  });

  it("pusher-js's own keep-alive pings are answered", async () => {
    await start({ activityTimeoutSeconds: 1 });
    const c = client();
    await whenConnected(c);
    await within(5000, "a pong for pusher-js", (resolve) => {
      c.connection.bind("message", (message: { event: string }) => {
        if (message.event === "pusher:pong") resolve(undefined);
      });
    });
    expect(c.connection.state).toBe("connected");
  });

  it("pings an idle client and closes it with 4201 when it never answers", async () => {
    await start({ activityTimeoutSeconds: 1, pongTimeoutSeconds: 1 });
    const r = raw();
    await r.socketId();
    await r.waitFor((m) => m.event === "pusher:ping", "the server's ping", 5000);
    const closed = await within<{ code: number }>(5000, "the close", (resolve) => void r.closed.then(resolve));
    expect(closed.code).toBe(4201);
    expect(server?.stats().disconnected.pongTimeout).toBe(1);
  });
});

describe("subscriptions", () => {
  it("subscribes to public and private channels and receives triggered events", async () => {
    await start();
    const c = client();
    const pub = c.subscribe("news");
    const priv = c.subscribe("private-contract-1");
    await Promise.all([subscribed(pub), subscribed(priv)]);
    const gotPublic = nextEvent(pub, "headline");
    const gotPrivate = nextEvent(priv, "message");
    await sdk.trigger("news", "headline", { title: "hi" });
    await sdk.trigger("private-contract-1", "message", { text: "secret" });
    expect((await gotPublic).data).toEqual({ title: "hi" });
    expect((await gotPrivate).data).toEqual({ text: "secret" });
  });

  it("refuses a private subscription signed with the wrong secret as Pusher does, on the connection and on the channel", async () => {
    await start();
    const c = client(undefined, sdkFor(0, { secret: "not-the-secret" }));
    const socketId = await whenConnected(c);
    const onConnection = within<unknown>(3000, "pusher:error", (resolve) => c.connection.bind("error", resolve));
    const channel = c.subscribe("private-contract-1");
    const error = await within<unknown>(3000, "subscription_error", (resolve) => channel.bind("pusher:subscription_error", resolve));
    const message = expect.stringMatching(new RegExp(`^Invalid signature: Expected HMAC SHA256 hex digest of ${socketId.replace(".", "\\.")}:private-contract-1, but got [0-9a-f]{64}$`));
    expect(await onConnection).toEqual({ type: "PusherError", data: { code: null, message } });
    expect(error).toEqual({ type: "AuthError", error: message, status: 401 });
    expect(channel.subscribed).toBe(false);
    const info = await json(await sdk.get({ path: "/channels/private-contract-1", params: { info: "subscription_count" } }));
    expect(info).toEqual({ occupied: false, subscription_count: 0 });
  });

  it("refuses a signature made for another socket, and presence without channel_data", async () => {
    await start();
    const r = raw();
    await r.socketId();
    const replayed = await r.subscribe("private-x", sdk.authorizeChannel("1.1", "private-x"));
    expect(replayed.event).toBe("pusher:subscription_error");
    const noData = await r.subscribe("presence-x", { auth: sdk.authorizeChannel("1.1", "presence-x").auth });
    expect(noData.event).toBe("pusher:subscription_error");
    const socketId = await r.socketId();
    const forged = sdk.authorizeChannel(socketId, "presence-y", { user_id: "mallory" });
    const otherUser = await r.subscribe("presence-y", { auth: forged.auth, channel_data: JSON.stringify({ user_id: "admin" }) });
    const expected = `Invalid signature: Expected HMAC SHA256 hex digest of ${socketId}:presence-y:{"user_id":"admin"}, but got ${forged.auth.split(":")[1]}`;
    expect(otherUser.data).toEqual({ type: "AuthError", error: expected, status: 401 });
    expect(r.messages.filter((m) => m.event === "pusher:error").map((m) => m.data)).toContainEqual({ code: null, message: expected });
    expect(server?.stats().channels).toBe(0);
  });

  it("only lets a signed-in user subscribe to their own #server-to-user channel", async () => {
    await start();
    const r = raw();
    await r.socketId();
    const answer = await r.subscribe("#server-to-user-u1");
    expect(answer.event).toBe("pusher:subscription_error");
  });

  it("unsubscribes", async () => {
    await start();
    const c = client();
    await subscribed(c.subscribe("private-a"));
    await until(() => server?.stats().channels === 1, "the channel to be occupied");
    c.unsubscribe("private-a");
    await until(() => server?.stats().channels === 0, "the channel to be vacated");
  });

  it("presence: subscription_succeeded lists the members", async () => {
    await start();
    const alice = client({ user_id: "alice", user_info: { name: "Alice" } });
    const aliceChannel = alice.subscribe("presence-contract-1") as PresenceChannel;
    await subscribed(aliceChannel);
    const bob = client({ user_id: "bob", user_info: { name: "Bob" } });
    const bobChannel = bob.subscribe("presence-contract-1") as PresenceChannel;
    await subscribed(bobChannel);
    expect(bobChannel.members.count).toBe(2);
    expect(bobChannel.members.me).toEqual({ id: "bob", info: { name: "Bob" } });
    expect(bobChannel.members.get("alice")).toEqual({ id: "alice", info: { name: "Alice" } });
  });

  it("presence: members without user_info are members, me included (user_info is optional on Pusher)", async () => {
    await start();
    const alice = client({ user_id: "alice" });
    await subscribed(alice.subscribe("presence-bare"));
    const bob = client({ user_id: "bob" });
    const bobChannel = bob.subscribe("presence-bare") as PresenceChannel;
    await subscribed(bobChannel);
    const listed: string[] = [];
    bobChannel.members.each((m: { id: string }) => listed.push(m.id));
    expect(bobChannel.members.count).toBe(2);
    expect(listed.sort()).toEqual(["alice", "bob"]);
    expect(bobChannel.members.me).toMatchObject({ id: "bob" });
    expect(bobChannel.members.get("alice")).toMatchObject({ id: "alice" });
  });
});

describe("presence members", () => {
  it("adds and removes a user once, however many sockets they have", async () => {
    await start();
    const watcher = client({ user_id: "watcher" });
    const channel = watcher.subscribe("presence-room") as PresenceChannel;
    await subscribed(channel);
    const added: string[] = [];
    const removed: string[] = [];
    channel.bind("pusher:member_added", (m: { id: string }) => added.push(m.id));
    channel.bind("pusher:member_removed", (m: { id: string }) => removed.push(m.id));

    const bobTab1 = client({ user_id: "bob" });
    await subscribed(bobTab1.subscribe("presence-room"));
    await until(() => added.includes("bob"), "member_added for bob");
    const bobTab2 = client({ user_id: "bob" });
    await subscribed(bobTab2.subscribe("presence-room"));
    // A later join is a marker: by the time it arrives, a second member_added
    // for bob's second tab would have arrived too.
    const carol = client({ user_id: "carol" });
    await subscribed(carol.subscribe("presence-room"));
    await until(() => added.includes("carol"), "member_added for carol");
    expect(added).toEqual(["bob", "carol"]);
    expect(channel.members.count).toBe(3);

    bobTab1.disconnect();
    await until(() => server?.stats().connections === 4, "bob's first tab to be gone");
    carol.disconnect();
    await until(() => removed.includes("carol"), "member_removed for carol");
    expect(removed).toEqual(["carol"]);
    const users = await json(await sdk.get({ path: "/channels/presence-room/users" }));
    expect(users).toEqual({ users: [{ id: "watcher" }, { id: "bob" }] });

    bobTab2.disconnect();
    await until(() => removed.includes("bob"), "member_removed for bob");
    expect(removed).toEqual(["carol", "bob"]);
    expect(channel.members.count).toBe(1);
  });
});

describe("REST events", () => {
  it("trigger to several channels and triggerBatch both deliver", async () => {
    await start();
    const c = client();
    const a = c.subscribe("private-a");
    const b = c.subscribe("b");
    await Promise.all([subscribed(a), subscribed(b)]);
    const both = Promise.all([nextEvent(a, "ping"), nextEvent(b, "ping")]);
    await sdk.trigger(["private-a", "b"], "ping", { n: 1 });
    expect((await both).map((e) => e.data)).toEqual([{ n: 1 }, { n: 1 }]);

    const batch = Promise.all([nextEvent(a, "one"), nextEvent(b, "two")]);
    const response = await sdk.triggerBatch([
      { channel: "private-a", name: "one", data: { x: 1 } },
      { channel: "b", name: "two", data: "plain" },
    ]);
    expect(response.status).toBe(200);
    expect((await batch).map((e) => e.data)).toEqual([{ x: 1 }, "plain"]);
  });

  it("does not deliver to the socket_id named in the trigger", async () => {
    await start();
    const sender = client();
    const other = client();
    const [senderId] = await Promise.all([whenConnected(sender), whenConnected(other)]);
    const senderChannel = sender.subscribe("private-chat");
    const otherChannel = other.subscribe("private-chat");
    await Promise.all([subscribed(senderChannel), subscribed(otherChannel)]);
    const senderSaw = record(senderChannel);
    const otherGot = nextEvent(otherChannel, "message");
    await sdk.trigger("private-chat", "message", { text: "mine" }, { socket_id: senderId });
    expect((await otherGot).data).toEqual({ text: "mine" });
    // Events on one socket arrive in order: once the marker is in, the excluded one never will be.
    const marker = nextEvent(senderChannel, "marker");
    await sdk.trigger("private-chat", "marker", {});
    await marker;
    expect(senderSaw.map((e) => e.event)).toEqual(["marker"]);
  });

  it("triggerBatch honours socket_id per event", async () => {
    await start();
    const sender = client();
    const senderId = await whenConnected(sender);
    const channel = sender.subscribe("private-chat");
    await subscribed(channel);
    const saw = record(channel);
    const marker = nextEvent(channel, "marker");
    await sdk.triggerBatch([
      { channel: "private-chat", name: "skipped", data: {}, socket_id: senderId },
      { channel: "private-chat", name: "marker", data: {} },
    ]);
    await marker;
    expect(saw.map((e) => e.event)).toEqual(["marker"]);
  });

  it("returns channel info when the trigger asks for it", async () => {
    await start();
    await subscribed(client({ user_id: "u1" }).subscribe("presence-p"));
    const response = await sdk.trigger("presence-p", "e", {}, { info: "user_count,subscription_count" });
    expect(await json(response)).toEqual({ channels: { "presence-p": { user_count: 1, subscription_count: 1 } } });
  });
});

describe("client events", () => {
  it("go to the other subscribers of a private channel, not back to the sender", async () => {
    await start();
    const [a, b, c] = [client(), client(), client()];
    const [ca, cb, cc] = [a, b, c].map((x) => x.subscribe("private-typing"));
    await Promise.all([ca, cb, cc].map((ch) => subscribed(ch!)));
    const aSaw = record(ca!);
    const atB = nextEvent(cb!, "client-typing");
    const atC = nextEvent(cc!, "client-typing");
    ca!.trigger("client-typing", { who: "a" });
    expect((await atB).data).toEqual({ who: "a" });
    expect((await atC).data).toEqual({ who: "a" });
    // b answers; a gets that answer, and nothing before it.
    const answer = nextEvent(ca!, "client-ack");
    cb!.trigger("client-ack", {});
    await answer;
    expect(aSaw.map((e) => e.event)).toEqual(["client-ack"]);
  });

  it("carry the sender's user_id on presence channels", async () => {
    await start();
    const alice = client({ user_id: "alice" });
    const bob = client({ user_id: "bob" });
    const aliceChannel = alice.subscribe("presence-room");
    const bobChannel = bob.subscribe("presence-room");
    await Promise.all([subscribed(aliceChannel), subscribed(bobChannel)]);
    const got = nextEvent(bobChannel, "client-typing");
    aliceChannel.trigger("client-typing", { typing: true });
    const event = await got;
    expect(event.data).toEqual({ typing: true });
    expect(event.metadata?.user_id).toBe("alice");
  });

  it("are refused on public channels and on channels the socket has not joined", async () => {
    await start();
    const r = raw();
    await r.socketId();
    await r.subscribe("public-room");
    const listener = raw();
    await listener.socketId();
    await listener.subscribe("public-room");
    r.send({ event: "client-x", channel: "public-room", data: {} });
    await r.waitFor((m) => m.event === "pusher:error", "an error for the public channel");
    r.send({ event: "client-x", channel: "private-elsewhere", data: {} });
    await r.waitFor((m) => m.event === "pusher:error" && String((m.data as { message: string }).message).includes("Not subscribed"), "not subscribed");
    expect(listener.messages.filter((m: WireMessage) => m.event === "client-x")).toEqual([]);
  });

  it.each([
    ["an app that never opted in", { id: APP.id, key: APP.key, secret: APP.secret }],
    ["an app with client events off", { ...APP, clientEvents: false }],
  ])("are refused with Pusher's error for %s, and reach no one", async (_what, app) => {
    await start({ apps: [app] });
    const [a, b] = [client(), client()];
    const [ca, cb] = [a.subscribe("private-typing"), b.subscribe("private-typing")];
    await Promise.all([subscribed(ca), subscribed(cb)]);
    const bSaw = record(cb);
    const refusal = within<unknown>(3000, "pusher-js's connection error", (resolve) => a.connection.bind("error", resolve));
    ca.trigger("client-typing", { who: "a" });
    expect(await refusal).toEqual({
      type: "PusherError",
      data: { code: null, message: "To send client events, you must enable this feature in the Settings page of your dashboard." },
    });
    // Events on one socket arrive in order: once the marker is in, the client event never will be.
    const marker = nextEvent(cb, "marker");
    await sdk.trigger("private-typing", "marker", {});
    await marker;
    expect(bSaw.map((e) => e.event)).toEqual(["marker"]);
  });

  it("are refused on private-encrypted- channels with Pusher's error, and reach no one", async () => {
    await start();
    const signer = sdkFor(port, { encryptionMasterKeyBase64: Buffer.alloc(32, 7).toString("base64") });
    const [sender, listener] = [raw(), raw()];
    const [senderId, listenerId] = await Promise.all([sender.socketId(), listener.socketId()]);
    const name = "private-encrypted-contract-1";
    const { auth } = signer.authorizeChannel(senderId, name);
    expect((await sender.subscribe(name, { auth })).event).toBe("pusher_internal:subscription_succeeded");
    expect((await listener.subscribe(name, { auth: signer.authorizeChannel(listenerId, name).auth })).event).toBe("pusher_internal:subscription_succeeded");
    sender.send({ event: "client-typing", channel: name, data: { nonce: "n", ciphertext: "c" } });
    const error = await sender.waitFor((m) => m.event === "pusher:error", "the refusal");
    expect(error.data).toEqual({ code: null, message: "Client events are not currently supported for encrypted channels" });
    await signer.trigger(name, "marker", { x: 1 });
    await listener.waitFor((m) => m.event === "marker", "the marker");
    expect(listener.messages.filter((m: WireMessage) => m.event === "client-typing")).toEqual([]);
  });
});

describe("webhooks", () => {
  /** A real HTTP receiver that checks each request with the pusher SDK's webhook helper, as the portal does. */
  async function receiver(answer: (n: number) => number = () => 200) {
    const got: Array<{ valid: boolean; body: { time_ms: number; events: Array<Record<string, unknown>> } }> = [];
    let n = 0;
    const http = createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      req.on("end", () => {
        const status = answer(n++);
        if (status === 200) {
          const hook = sdk.webhook({ headers: req.headers as Record<string, string>, rawBody: raw });
          got.push({ valid: hook.isValid(), body: hook.getData() as unknown as (typeof got)[number]["body"] });
        }
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    receivers.push(http);
    const events = () => got.flatMap((g) => g.body.events);
    return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hooks`, got, events, attempts: () => n };
  }
  const receivers: Server[] = [];
  afterEach(async () => {
    for (const r of receivers.splice(0)) await new Promise((done) => r.close(done));
  });

  it("posts signed, batched Pusher webhooks for occupancy, members and client events", async () => {
    const hooks = await receiver();
    await start({ apps: [{ ...APP, webhook: { url: hooks.url } }] });
    const alice = client({ user_id: "alice" });
    const aliceChannel = alice.subscribe("presence-room");
    await subscribed(aliceChannel);
    const bob = client({ user_id: "bob" });
    const bobChannel = bob.subscribe("presence-room");
    await subscribed(bobChannel);
    const typing = nextEvent(aliceChannel, "client-typing");
    bobChannel.trigger("client-typing", { typing: true });
    await typing;
    const bobSocket = bob.connection.socket_id;
    bob.disconnect();
    await until(() => hooks.events().some((e) => e.name === "member_removed"), "member_removed for bob");
    alice.disconnect();
    await until(() => hooks.events().some((e) => e.name === "channel_vacated"), "channel_vacated");

    expect(hooks.got.every((g) => g.valid)).toBe(true);
    expect(hooks.got.every((g) => Number.isInteger(g.body.time_ms) && Math.abs(g.body.time_ms - Date.now()) < 60_000)).toBe(true);
    expect(hooks.events()).toEqual([
      { name: "channel_occupied", channel: "presence-room" },
      { name: "member_added", channel: "presence-room", user_id: "alice" },
      { name: "member_added", channel: "presence-room", user_id: "bob" },
      { name: "client_event", channel: "presence-room", event: "client-typing", data: JSON.stringify({ typing: true }), socket_id: bobSocket, user_id: "bob" },
      { name: "member_removed", channel: "presence-room", user_id: "bob" },
      { name: "member_removed", channel: "presence-room", user_id: "alice" },
      { name: "channel_vacated", channel: "presence-room" },
    ]);
    // Batched: events raised together share a request.
    expect(hooks.got.length).toBeLessThan(hooks.events().length);
    // Signed with the app secret: another secret does not verify the same request.
    const other = sdkFor(port, { secret: "not-the-secret" });
    const first = hooks.got[0]!.body;
    const raw = JSON.stringify(first);
    const headers = { "content-type": "application/json", "x-pusher-key": APP.key, "x-pusher-signature": createHmac("sha256", APP.secret).update(raw).digest("hex") };
    expect(sdk.webhook({ headers, rawBody: raw }).isValid()).toBe(true);
    expect(other.webhook({ headers, rawBody: raw }).isValid()).toBe(false);
  });

  it("resends a batch the receiver failed, once it answers, and sends only the kinds asked for", async () => {
    const hooks = await receiver((n) => (n === 0 ? 503 : 200));
    await start({ apps: [{ ...APP, webhook: { url: hooks.url, events: ["member_added", "member_removed"] } }] });
    const alice = client({ user_id: "alice" });
    await subscribed(alice.subscribe("presence-room"));
    alice.disconnect();
    await until(() => hooks.events().length === 2, "both member events", 5000);
    expect(hooks.attempts()).toBe(hooks.got.length + 1);
    expect(hooks.events().map((e) => e.name)).toEqual(["member_added", "member_removed"]);
  });

  it("tells the receiver who was online when the server shuts down", async () => {
    const hooks = await receiver();
    await start({ apps: [{ ...APP, webhook: { url: hooks.url, events: ["member_removed"] } }] });
    const r = raw();
    const socketId = await r.socketId();
    await r.subscribe("presence-room", sdk.authorizeChannel(socketId, "presence-room", { user_id: "alice" }));
    await server?.close();
    server = undefined;
    expect(hooks.events()).toEqual([{ name: "member_removed", channel: "presence-room", user_id: "alice" }]);
  });
});

describe("user sign-in", () => {
  it("signs in with pusher-js and receives sendToUser events", async () => {
    await start();
    const c = client({ user_id: "u1", user_info: { name: "U" } });
    c.signin();
    await whenConnected(c);
    await until(() => c.user.serverToUserChannel?.subscribed === true, "the server-to-user channel");
    expect(c.user.user_data).toMatchObject({ id: "u1" });
    const got = within<unknown>(3000, "a user event", (resolve) => c.user.bind("notice", resolve));
    await sdk.sendToUser("u1", "notice", { text: "paid" });
    expect(await got).toEqual({ text: "paid" });
  });

  it("refuses a bad signin signature with 4009", async () => {
    await start();
    const r = raw();
    const socketId = await r.socketId();
    const signed = sdkFor(0, { secret: "wrong" }).authenticateUser(socketId, { id: "u1" });
    r.send({ event: "pusher:signin", data: signed });
    const error = await r.waitFor((m) => m.event === "pusher:error", "pusher:error");
    expect(error.data).toMatchObject({ code: 4009 });
    expect(server?.stats().apps[APP.id]?.signedInUsers).toBe(0);
  });

  it("terminates a signed-in user's connections on request", async () => {
    await start();
    const r = raw();
    const socketId = await r.socketId();
    r.send({ event: "pusher:signin", data: sdk.authenticateUser(socketId, { id: "u1" }) });
    await r.waitFor((m) => m.event === "pusher:signin_success", "signin_success");
    await sdk.terminateUserConnections("u1");
    expect((await r.closed).code).toBe(4009);
  });
});

describe("REST queries", () => {
  it("lists channels with a prefix filter and presence user counts", async () => {
    await start();
    const a = client({ user_id: "a" });
    const b = client({ user_id: "b" });
    await Promise.all([
      subscribed(a.subscribe("presence-one")),
      subscribed(b.subscribe("presence-one")),
      subscribed(a.subscribe("presence-two")),
      subscribed(a.subscribe("private-three")),
    ]);
    const all = await json(await sdk.get({ path: "/channels" }));
    expect(all).toEqual({ channels: { "presence-one": {}, "presence-two": {}, "private-three": {} } });
    const presence = await json(await sdk.get({ path: "/channels", params: { filter_by_prefix: "presence-", info: "user_count" } }));
    expect(presence).toEqual({ channels: { "presence-one": { user_count: 2 }, "presence-two": { user_count: 1 } } });
    const one = await json(await sdk.get({ path: "/channels/presence-one", params: { info: "user_count,subscription_count" } }));
    expect(one).toEqual({ occupied: true, user_count: 2, subscription_count: 2 });
    const users = await json(await sdk.get({ path: "/channels/presence-one/users" }));
    expect(users).toEqual({ users: [{ id: "a" }, { id: "b" }] });
    expect(await json(await sdk.get({ path: "/channels/empty" }))).toEqual({ occupied: false });
  });

  it.each([
    ["user_count on /channels without the presence- filter", "/channels", { info: "user_count" }],
    ["user_count of a private channel", "/channels/private-x", { info: "user_count" }],
    ["users of a non-presence channel", "/channels/private-x/users", {}],
    ["an unknown info attribute", "/channels/x", { info: "colour" }],
  ])("answers 400 for %s", async (_what, path, params) => {
    await start();
    await expect(sdk.get({ path, params })).rejects.toMatchObject({ status: 400 });
  });
});

describe("REST authentication and limits", () => {
  it("rejects a bad signature with 401", async () => {
    await start();
    const forger = sdkFor(port, { secret: "not-the-secret" });
    const error = await forger.trigger("news", "e", {}).catch((e: { status: number; body: string }) => e);
    expect(error).toMatchObject({ status: 401 });
    expect(JSON.parse((error as { body: string }).body)).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("rejects an unknown key with 401 and an unknown app id with 404", async () => {
    await start();
    await expect(sdkFor(port, { key: "other-key" }).trigger("news", "e", {})).rejects.toMatchObject({ status: 401 });
    await expect(sdkFor(port, { id: "other-app" }).trigger("news", "e", {})).rejects.toMatchObject({ status: 404 });
  });

  it("rejects a timestamp more than 600 s off, a tampered body and a missing signature", async () => {
    await start();
    const body = JSON.stringify({ name: "e", data: "{}", channel: "news" });
    const old = await signedFetch(port, "POST", "/events", { body, timestamp: Math.floor(Date.now() / 1000) - 601 });
    expect(old.status).toBe(401);
    const fresh = await signedFetch(port, "POST", "/events", { body, timestamp: Math.floor(Date.now() / 1000) - 590 });
    expect(fresh.status).toBe(200);

    const signedQuery = sdk.createSignedQueryString({ method: "POST", path: `/apps/${APP.id}/events`, body });
    const tampered = await fetch(`http://127.0.0.1:${port}/apps/${APP.id}/events?${signedQuery}`, {
      method: "POST",
      body: body.replace("news", "other"),
    });
    expect(tampered.status).toBe(401);
    const unsigned = await fetch(`http://127.0.0.1:${port}/apps/${APP.id}/channels?auth_key=${APP.key}`);
    expect(unsigned.status).toBe(401);
  });

  it("answers 400 for malformed requests and 413 for data over 10 KB", async () => {
    await start();
    expect((await signedFetch(port, "POST", "/events", { body: "{not json" })).status).toBe(400);
    expect((await signedFetch(port, "POST", "/events", { body: JSON.stringify({ name: "e", data: {}, channel: "x" }) })).status).toBe(400);
    expect((await signedFetch(port, "POST", "/events", { body: JSON.stringify({ name: "e", data: "{}", channel: "bad channel!" }) })).status).toBe(400);
    const manyChannels = Array.from({ length: 101 }, (_, i) => `c${i}`);
    // The SDK refuses to send more than 100 channels, so sign the request by hand.
    const tooMany = await signedFetch(port, "POST", "/events", { body: JSON.stringify({ name: "e", data: "{}", channels: manyChannels }) });
    expect(tooMany.status).toBe(400);
    const eleven = Array.from({ length: 11 }, () => ({ channel: "x", name: "e", data: "{}" }));
    await expect(sdk.triggerBatch(eleven)).rejects.toMatchObject({ status: 400 });
    await expect(sdk.trigger("x", "e", "y".repeat(10 * 1024 + 1))).rejects.toMatchObject({ status: 413 });
    await expect(sdk.trigger("x", "e", "y".repeat(10 * 1024))).resolves.toMatchObject({ status: 200 });
    expect((await signedFetch(port, "GET", "/nowhere")).status).toBe(404);
  });
});

describe("limits and backpressure", () => {
  it("closes connections over the per-address limit with 4100, and frees the slot on close", async () => {
    await start({ maxConnectionsPerAddress: 2 });
    const [first, second] = [raw(), raw()];
    await Promise.all([first.socketId(), second.socketId()]);
    const third = raw();
    const error = await third.waitFor((m) => m.event === "pusher:error", "the third socket's error");
    expect(error.data).toMatchObject({ code: 4100 });
    expect((await third.closed).code).toBe(4100);
    expect(server?.stats().refused.overAddressLimit).toBe(1);

    first.close();
    await until(() => server?.stats().connections === 1, "the first socket to be released");
    await raw().socketId();
  });

  it("closes connections over the per-app quota with 4004", async () => {
    await start({ maxConnectionsPerApp: 1 });
    await raw().socketId();
    const second = raw();
    expect((await second.closed).code).toBe(4004);
  });

  it("disconnects a client that stops reading instead of buffering for it", { timeout: 30_000 }, async () => {
    await start({ maxBufferedBytes: 256 * 1024 });
    const channels = Array.from({ length: 100 }, (_, i) => `flood-${i}`);
    const slow = raw();
    await slow.socketId();
    for (const channel of channels) slow.send({ event: "pusher:subscribe", data: { channel } });
    await until(() => server?.stats().channels === 100, "100 subscriptions");
    const healthy = client();
    const healthyChannel = healthy.subscribe("flood-0");
    await subscribed(healthyChannel);

    slow.ws.pause(); // stop reading: kernel buffers fill, then the server's
    const payload = "z".repeat(10 * 1024);
    for (let i = 0; i < 300 && server?.stats().disconnected.slowConsumer === 0; i++) {
      await sdk.trigger(channels, "bulk", payload);
    }
    expect(server?.stats().disconnected.slowConsumer).toBe(1);
    await until(() => server?.stats().connections === 1, "the slow socket to be dropped", 5000);
    const flood1 = await json(await sdk.get({ path: "/channels/flood-1" }));
    expect(flood1).toEqual({ occupied: false });

    const after = nextEvent(healthyChannel, "after");
    await sdk.trigger("flood-0", "after", { ok: true });
    expect((await after).data).toEqual({ ok: true });
    slow.ws.resume();
    await within(5000, "the slow client to see its socket closed", (resolve) => void slow.closed.then(resolve));
  });
});

describe("shutdown", () => {
  it("close() ends open sockets with 4200 so pusher-js reconnects elsewhere", async () => {
    await start();
    const r = raw();
    await r.socketId();
    await server?.close();
    server = undefined;
    expect((await r.closed).code).toBe(4200);
  });

  it("close() finishes while pusher-js clients come straight back and the webhooks drain", async () => {
    const hooks = createServer((req, res) => req.resume().on("end", () => res.writeHead(200).end()));
    await new Promise<void>((r) => hooks.listen(0, "127.0.0.1", r));
    await start({ apps: [{ ...APP, webhook: { url: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/` } }] });
    const c = client({ user_id: "alice" });
    await subscribed(c.subscribe("presence-room"));
    const closing = server!.close();
    server = undefined;
    await within(5000, "close() to finish", (resolve) => void closing.then(resolve));
    await new Promise((r) => hooks.close(r));
  });
});

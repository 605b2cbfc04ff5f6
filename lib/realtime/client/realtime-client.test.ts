// The client layer against our real server with the real pusher-js.
import PusherJs from "pusher-js";
import type { ChannelAuthorizationHandler } from "pusher-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRealtimeServer, type RealtimeServer } from "../../../realtime/server";
import { APP, sdkFor, until, within } from "../../../tests/support/realtime-clients";
import { realtimeClientConfig } from "@/lib/config/realtime";
import { pusherOptions, RealtimeClient } from "./realtime-client";

let server: RealtimeServer;
let client: RealtimeClient;
const sdk = () => sdkFor(server.port);
const authorize: ChannelAuthorizationHandler = ({ socketId, channelName }, callback) => callback(null, sdk().authorizeChannel(socketId, channelName));

beforeEach(async () => {
  server = await createRealtimeServer({ port: 0, apps: [APP] });
  const config = realtimeClientConfig({ PUSHER_KEY: APP.key, REALTIME_HOST: "127.0.0.1", REALTIME_PORT: String(server.port) });
  client = new RealtimeClient(new PusherJs(APP.key, pusherOptions(config, authorize)));
});
afterEach(async () => {
  client.disconnect();
  await server.close();
});

const subscribed = (name: string) =>
  within(3000, `subscription to ${name}`, (resolve) => {
    const ch = client.acquire(name);
    if (ch.subscribed) resolve(undefined);
    ch.bind("pusher:subscription_succeeded", resolve);
  }).finally(() => client.release(name));

describe("RealtimeClient", () => {
  it("configures pusher-js for our server from realtimeClientConfig, and for hosted Pusher from a cluster alone", () => {
    const self = pusherOptions({ key: "k", cluster: "self-hosted", wsHost: "rt.example", wsPort: 6001, forceTLS: false }, authorize);
    expect(self).toMatchObject({ cluster: "self-hosted", wsHost: "rt.example", wsPort: 6001, wssPort: 6001, forceTLS: false, enabledTransports: ["ws", "wss"] });
    const hosted = pusherOptions(realtimeClientConfig({ PUSHER_CLUSTER: "eu", PUSHER_KEY: "k" }), authorize);
    expect(hosted).toMatchObject({ cluster: "eu", forceTLS: true });
    expect(hosted).not.toHaveProperty("wsHost");
  });

  it("delivers events to every handler and keeps the channel until the last one lets go", async () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = client.on("private-contract-x", "segment-changed", (d) => a.push(d));
    const offB = client.on("private-contract-x", "segment-changed", (d) => b.push(d));
    await subscribed("private-contract-x");
    await sdk().trigger("private-contract-x", "segment-changed", { contractId: "x" });
    await until(() => a.length === 1 && b.length === 1, "both handlers");

    offA();
    expect(client.subscribedChannels()).toEqual(["private-contract-x"]);
    expect(client.pusher.channel("private-contract-x")?.subscribed).toBe(true);
    await sdk().trigger("private-contract-x", "segment-changed", { contractId: "x", n: 2 });
    await until(() => b.length === 2, "the remaining handler");
    expect(a).toHaveLength(1);

    offB();
    expect(client.subscribedChannels()).toEqual([]);
    expect(client.pusher.channel("private-contract-x")).toBeUndefined();
  });

  it("signals a reconnect (not the first connect) so callers refetch what they missed", async () => {
    let reconnects = 0;
    client.onReconnect(() => reconnects++);
    client.on("private-user-u", "message-created", () => undefined);
    await subscribed("private-user-u");
    expect(reconnects).toBe(0);
    client.pusher.connection.disconnect();
    await until(() => client.state === "disconnected", "disconnect");
    client.pusher.connect();
    await until(() => reconnects === 1, "the reconnect signal");
    // pusher-js resubscribes by itself, so events flow again
    const got = within(3000, "an event after reconnect", (resolve) => client.on("private-user-u", "message-created", resolve));
    await subscribed("private-user-u");
    await sdk().trigger("private-user-u", "message-created", { messageId: "m" });
    expect(await got).toEqual({ messageId: "m" });
  });

  it("knows its socket id only while connected", async () => {
    expect(client.socketId()).toBeUndefined();
    await until(() => client.state === "connected", "connect");
    expect(client.socketId()).toMatch(/^\d+\.\d+$/);
  });
});

/** A RealtimeClient signed in as `userId` on presence channels. */
function presenceClient(userId: string): RealtimeClient {
  const authorize: ChannelAuthorizationHandler = ({ socketId, channelName }, callback) =>
    callback(null, sdk().authorizeChannel(socketId, channelName, { user_id: userId, user_info: { name: userId } }));
  const config = realtimeClientConfig({ PUSHER_KEY: APP.key, REALTIME_HOST: "127.0.0.1", REALTIME_PORT: String(server.port) });
  return new RealtimeClient(new PusherJs(APP.key, pusherOptions(config, authorize)));
}

describe("PresenceStore", () => {
  it("joins while listened to, tracks who is online, carries client events, and leaves with the last listener", async () => {
    const alice = presenceClient("alice");
    const bob = presenceClient("bob");
    try {
      const name = "presence-contract-1";
      const store = alice.presence(name);
      expect(alice.presence(name)).toBe(store);
      expect(store.getSnapshot()).toEqual({ status: "idle", memberIds: [] });
      let changes = 0;
      const stop = store.subscribe(() => changes++);
      expect(store.getSnapshot().status).toBe("subscribing");
      await until(() => store.getSnapshot().status === "subscribed", "alice subscribed");
      expect(store.getSnapshot().memberIds).toEqual(["alice"]);

      const bobStore = bob.presence(name);
      const stopBob = bobStore.subscribe(() => undefined);
      await until(() => store.getSnapshot().memberIds.length === 2, "bob online for alice");
      expect(store.getSnapshot().memberIds).toEqual(["alice", "bob"]);
      expect(changes).toBeGreaterThanOrEqual(2);

      await until(() => bobStore.getSnapshot().status === "subscribed", "bob subscribed");
      const typing = within<{ data: unknown; from?: string }>(3000, "a typing event", (resolve) =>
        alice.on(name, "client-typing", (data, metadata) => resolve({ data, from: metadata?.user_id })),
      );
      expect(bob.trigger(name, "client-typing", { typing: true })).toBe(true);
      expect(await typing).toEqual({ data: { typing: true }, from: "bob" });

      stopBob();
      await until(() => store.getSnapshot().memberIds.length === 1, "bob gone for alice");
      stop();
      expect(store.getSnapshot()).toEqual({ status: "idle", memberIds: [] });
      expect(alice.subscribedChannels()).toEqual([name]); // still held by the typing handler above
    } finally {
      alice.disconnect();
      bob.disconnect();
    }
  });

  it("rejoins when a listener leaves and another comes while the join is still pending (a remount on navigation)", async () => {
    const alice = presenceClient("alice");
    const bob = presenceClient("bob");
    try {
      await until(() => alice.state === "connected" && bob.state === "connected", "both connected");
      const name = "presence-contract-3";
      const store = alice.presence(name);
      // mount, unmount, mount again in one go: the first join is still in flight
      store.subscribe(() => undefined)();
      const offTyping = alice.on(name, "client-typing", () => undefined);
      offTyping();
      const stop = store.subscribe(() => undefined);
      const typing = within<unknown>(3000, "a typing event after the rejoin", (resolve) => alice.on(name, "client-typing", resolve));
      await until(() => store.getSnapshot().status === "subscribed", "alice subscribed");

      const stopBob = bob.presence(name).subscribe(() => undefined);
      await until(() => store.getSnapshot().memberIds.length === 2, "bob online for alice");
      await until(() => bob.presence(name).getSnapshot().memberIds.includes("alice"), "alice online for bob");
      expect(bob.trigger(name, "client-typing", { typing: true })).toBe(true);
      expect(await typing).toEqual({ typing: true });
      expect(alice.trigger(name, "client-typing", { typing: true })).toBe(true);
      stopBob();
      stop();
    } finally {
      alice.disconnect();
      bob.disconnect();
    }
  });

  it("reports a refused subscription", async () => {
    const refuse: ChannelAuthorizationHandler = (_params, callback) => callback(new Error("403"), null);
    const config = realtimeClientConfig({ PUSHER_KEY: APP.key, REALTIME_HOST: "127.0.0.1", REALTIME_PORT: String(server.port) });
    const outsider = new RealtimeClient(new PusherJs(APP.key, pusherOptions(config, refuse)));
    try {
      const store = outsider.presence("presence-contract-2");
      const stop = store.subscribe(() => undefined);
      await until(() => store.getSnapshot().status === "refused", "the refusal");
      expect(outsider.trigger("presence-contract-2", "client-typing", {})).toBe(false);
      stop();
    } finally {
      outsider.disconnect();
    }
  });
});

// notify() through the official pusher SDK to our realtime server, received by
// pusher-js: each typed event reaches exactly the channels it names.
import type PusherJs from "pusher-js";
import { afterAll, describe, expect, it } from "vitest";
import { createRealtimeServer } from "../../realtime/server";
import { APP, pusherJsClient, sdkFor, until, whenConnected, within } from "../../tests/support/realtime-clients";
import { channels, type RealtimeEvent } from "./client/events";
import { flushSegmentChanges, notify, setNoticeSink, type Notice } from "./notify";
import { setLogDestination } from "@/lib/observability/log";

const server = await createRealtimeServer({ port: 0, apps: [APP] });
Object.assign(process.env, { PUSHER_APP_ID: APP.id, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, REALTIME_HOST: "127.0.0.1", REALTIME_PORT: String(server.port) });
delete process.env.PUSHER_CLUSTER;

const signer = sdkFor(server.port);
const browsers: PusherJs[] = [];
afterAll(() => {
  for (const b of browsers) b.disconnect();
});

const [alice, bob, contract] = ["0b9b6d1c-3c59-4b7e-9a51-9c1b1f3e2a10", "1c9b6d1c-3c59-4b7e-9a51-9c1b1f3e2a11", "2d9b6d1c-3c59-4b7e-9a51-9c1b1f3e2a12"];

/** A browser subscribed to `names`, recording `channel event data` lines. */
async function browser(names: string[], user = alice): Promise<{ socketId: string; got: string[] }> {
  const client = pusherJsClient(server.port, signer, { user_id: user });
  browsers.push(client);
  const socketId = await whenConnected(client);
  const got: string[] = [];
  await Promise.all(
    names.map((name) =>
      within<void>(3000, `subscribing to ${name}`, (resolve) => {
        const channel = client.subscribe(name);
        channel.bind("pusher:subscription_succeeded", () => resolve());
        channel.bind_global((event: string, data: unknown) => {
          if (!event.startsWith("pusher")) got.push(`${name} ${event} ${JSON.stringify(data)}`);
        });
      }),
    ),
  );
  return { socketId, got };
}

describe("notify", () => {
  it("publishes every kind of event to the channels it names, and leaves out the socket that caused it", async () => {
    const a = await browser([channels.user(alice), channels.contract(contract), channels.conversation(contract)], alice);
    const b = await browser([channels.user(bob), channels.conversation(contract)], bob);
    const aliceOtherTab = await browser([channels.user(alice)], alice);
    const events: RealtimeEvent[] = [
      { event: "message-created", userIds: [alice, bob], data: { conversationId: "c", contractId: contract, messageId: "m", senderId: alice }, excludeSocketId: a.socketId },
      { event: "conversation-read", contractId: contract, data: { conversationId: "c", userId: bob, lastReadAt: "2024-06-12T15:00:00.000Z" } },
      { event: "dispute-updated", userId: alice, data: { disputeId: "d", contractId: contract } },
      { event: "dispute-updated", userId: bob, data: { disputeId: "d", contractId: contract } },
      { event: "payment-available", userId: bob },
      { event: "segment-changed", data: { contractId: contract, segmentId: "s", change: "created" } },
    ];
    expect(await notify(events)).toBe(true);
    await flushSegmentChanges();
    await until(() => a.got.length >= 3 && b.got.length >= 5 && aliceOtherTab.got.length >= 2, "every event to arrive");
    const read = `{"conversationId":"c","userId":"${bob}","lastReadAt":"2024-06-12T15:00:00.000Z"}`;
    const message = `{"conversationId":"c","contractId":"${contract}","messageId":"m","senderId":"${alice}"}`;
    const dispute = `{"disputeId":"d","contractId":"${contract}"}`;
    expect(a.got.sort()).toEqual(
      [
        `${channels.user(alice)} dispute-updated ${dispute}`,
        `${channels.contract(contract)} segment-changed {"contractId":"${contract}","segmentId":"s","change":"created"}`,
        `${channels.conversation(contract)} conversation-read ${read}`,
      ].sort(),
    );
    expect(b.got.sort()).toEqual(
      [
        `${channels.user(bob)} message-created ${message}`,
        `${channels.user(bob)} conversation-read ${read}`,
        `${channels.user(bob)} dispute-updated ${dispute}`,
        `${channels.user(bob)} payment-available {}`,
        `${channels.conversation(contract)} conversation-read ${read}`,
      ].sort(),
    );
    // the sender's other tab hears of its message; the sending socket does not
    expect(aliceOtherTab.got.sort()).toEqual([`${channels.user(alice)} dispute-updated ${dispute}`, `${channels.user(alice)} message-created ${message}`].sort());
  });

  it("hands events to a sink instead while one is set, each once", async () => {
    const captured: Notice[] = [];
    setNoticeSink((n) => captured.push(n));
    const event: RealtimeEvent = { event: "contract-updated", userId: alice, data: { contractId: contract } };
    await notify([event, event]);
    setNoticeSink(null);
    expect(captured).toEqual([event]);
  });

  it("resolves false and logs when the realtime server cannot be reached, without throwing", async () => {
    await server.close();
    const logged: string[] = [];
    setLogDestination({ write: (line: string) => void logged.push(line) }, true);
    try {
      expect(await notify({ event: "payment-available", userId: alice })).toBe(false);
    } finally {
      setLogDestination(null);
    }
    expect(logged.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 50, msg: "realtime: could not publish", event: "payment-available", channels: [channels.user(alice)] }),
    ]);
  });
});

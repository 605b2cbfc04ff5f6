// The realtime server as the launchers start it (npx tsx realtime/cli.ts):
// the app's settings come from the environment (lib/realtime/config.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type PusherJs from "pusher-js";
import { afterEach, describe, expect, it } from "vitest";
import { launcherRealtimeEnv, realtimeAppSettings } from "../lib/config/realtime";
import { pusherJsClient, sdkFor, within } from "../tests/support/realtime-clients";

const APP = { PUSHER_APP_ID: "test-app", PUSHER_KEY: "test-key", PUSHER_SECRET: "test-secret" };
const running: Array<{ stop(): void }> = [];
afterEach(() => {
  for (const r of running.splice(0)) r.stop();
});

/** Starts the CLI on a free port and resolves with that port once it prints its URL. */
async function cli(env: Record<string, string>): Promise<number> {
  const child: ChildProcess = spawn("npx", ["tsx", "realtime/cli.ts"], {
    env: { ...process.env, ...APP, HOURGLASS_MODE: "test", REALTIME_PORT: "0", PUSHER_CLIENT_EVENTS: "", REALTIME_WEBHOOK_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  running.push({ stop: () => child.pid && process.kill(-child.pid, "SIGTERM") });
  let out = "";
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  return within<number>(30_000, "the realtime CLI to listen", (resolve, reject) => {
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const port = /listening on http:\/\/[^:]+:(\d+)/.exec(out)?.[1];
      if (port) resolve(Number(port));
    });
    child.on("exit", (code) => reject(new Error(`realtime CLI exited (${code}): ${out}`)));
  });
}

/** Bob triggers a client event on a private channel; resolves with what Alice got or Bob's error. */
async function typing(port: number): Promise<unknown> {
  const signer = sdkFor(port);
  const alice: PusherJs = pusherJsClient(port, signer);
  const bob: PusherJs = pusherJsClient(port, signer);
  running.push({ stop: () => [alice, bob].forEach((c) => c.disconnect()) });
  const a = alice.subscribe("private-typing");
  const b = bob.subscribe("private-typing");
  await Promise.all([a, b].map((ch) => within(5000, "subscription", (resolve) => ch.bind("pusher:subscription_succeeded", resolve))));
  const outcome = within<unknown>(5000, "the client event or its refusal", (resolve) => {
    a.bind("client-typing", (data: unknown) => resolve({ delivered: data }));
    bob.connection.bind("error", (error: { data?: { message?: string } }) => resolve({ refused: error.data?.message }));
  });
  b.trigger("client-typing", { typing: true });
  return outcome;
}

describe("realtime app settings from the environment", () => {
  it("client events are off unless PUSHER_CLIENT_EVENTS=1; the launchers' defaults turn them and webhooks to the portal on, the environment wins", () => {
    expect(realtimeAppSettings({})).toEqual({ clientEvents: false });
    expect(realtimeAppSettings({ PUSHER_CLIENT_EVENTS: "1", REALTIME_WEBHOOK_URL: "http://portal/api/realtime/webhooks" })).toEqual({
      clientEvents: true,
      webhookUrl: "http://portal/api/realtime/webhooks",
    });
    expect(realtimeAppSettings(launcherRealtimeEnv(3000, {}))).toEqual({ clientEvents: true, webhookUrl: "http://127.0.0.1:3000/api/realtime/webhooks" });
    expect(realtimeAppSettings(launcherRealtimeEnv(3000, { PUSHER_CLIENT_EVENTS: "0", REALTIME_WEBHOOK_URL: "http://elsewhere/hooks" }))).toEqual({
      clientEvents: false,
      webhookUrl: "http://elsewhere/hooks",
    });
  });

  it("the CLI refuses client events by default, as Pusher does", { timeout: 60_000 }, async () => {
    const port = await cli({});
    expect(await typing(port)).toEqual({ refused: "To send client events, you must enable this feature in the Settings page of your dashboard." });
  });

  it("the CLI started with the launchers' settings relays client events and posts webhooks to the URL", { timeout: 60_000 }, async () => {
    const received: string[] = [];
    const receiver: Server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        const hook = sdkFor(0).webhook({ headers: req.headers as Record<string, string>, rawBody: raw });
        if (hook.isValid()) received.push(...hook.getEvents().map((e) => e.name));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    running.push({ stop: () => receiver.close() });
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/realtime/webhooks`;
    const port = await cli({ PUSHER_CLIENT_EVENTS: "1", REALTIME_WEBHOOK_URL: url });
    expect(await typing(port)).toEqual({ delivered: { typing: true } });
    await within(5000, "a signed webhook", (resolve) => {
      const check = () => (received.includes("channel_occupied") ? resolve(undefined) : setTimeout(check, 20));
      check();
    });
  });
});

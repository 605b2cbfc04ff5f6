// Test-only helpers for the compatibility suite: real pusher-js and pusher SDK
// clients pointed at a local server, a raw `ws` client for wire-level checks,
// and condition waits with a deadline (never fixed sleeps).
import { createHash, createHmac } from "node:crypto";
import Pusher from "pusher";
import PusherJs from "pusher-js";
import { WebSocket } from "ws";
import type { AppCredentials } from "../../realtime/auth";
import type { AppConfig } from "../../realtime/channels";

/** The test app, with client events on (they are off unless an app opts in). */
export const APP: AppConfig = { id: "test-app", key: "test-key", secret: "test-secret", clientEvents: true };

/** Resolves with the executor's value, or rejects naming what never happened. */
export function within<T>(
  ms: number,
  what: string,
  executor: (resolve: (value: T) => void, reject: (error: unknown) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
    executor(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Polls a condition every 10 ms until it holds or the deadline passes. */
export function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  return within<void>(ms, what, (resolve) => {
    const check = () => (condition() ? resolve() : setTimeout(check, 10));
    check();
  });
}

export function sdkFor(port: number, overrides: Partial<AppCredentials> & { encryptionMasterKeyBase64?: string } = {}): Pusher {
  const app = { ...APP, ...overrides };
  const encryption = app.encryptionMasterKeyBase64 === undefined ? {} : { encryptionMasterKeyBase64: app.encryptionMasterKeyBase64 };
  return new Pusher({ appId: app.id, key: app.key, secret: app.secret, host: "127.0.0.1", port: String(port), useTLS: false, ...encryption });
}

export interface PresenceUser {
  user_id: string;
  user_info?: Record<string, unknown>;
}

/**
 * A pusher-js client as docs/development.md configures it for the local server, whose
 * channel authorization and sign-in are signed by `signer` (the pusher SDK).
 */
export function pusherJsClient(port: number, signer: Pusher, user?: PresenceUser, key = APP.key): PusherJs {
  return new PusherJs(key, {
    cluster: "local",
    wsHost: "127.0.0.1",
    wsPort: port,
    wssPort: port,
    forceTLS: false,
    enabledTransports: ["ws", "wss"],
    disableStats: true,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        try {
          const presence = channelName.startsWith("presence-") ? user : undefined;
          callback(null, signer.authorizeChannel(socketId, channelName, presence));
        } catch (error) {
          callback(error as Error, null);
        }
      },
    },
    userAuthentication: {
      customHandler: ({ socketId }, callback) => {
        try {
          if (!user) throw new Error("No user to sign in");
          callback(null, signer.authenticateUser(socketId, { id: user.user_id, user_info: user.user_info }));
        } catch (error) {
          callback(error as Error, null);
        }
      },
    },
  });
}

export function whenConnected(client: PusherJs): Promise<string> {
  return within<string>(3000, "pusher-js to connect", (resolve) => {
    if (client.connection.state === "connected") return resolve(client.connection.socket_id);
    client.connection.bind("connected", () => resolve(client.connection.socket_id));
  });
}

export interface WireMessage {
  event: string;
  channel?: string;
  /** JSON-string data already parsed, as pusher-js does. */
  data: unknown;
  user_id?: string;
}

/** A bare `ws` client speaking the protocol by hand, recording everything it receives. */
export class RawClient {
  readonly messages: WireMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters = new Set<() => void>();

  constructor(readonly ws: WebSocket) {
    ws.on("message", (raw) => {
      const message = JSON.parse(raw.toString()) as WireMessage;
      if (typeof message.data === "string") {
        try {
          message.data = JSON.parse(message.data);
        } catch {
          // Plain string data stays a string.
        }
      }
      this.messages.push(message);
      for (const waiter of this.waiters) waiter();
    });
    ws.on("error", () => {});
    this.closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static open(port: number, path = `/app/${APP.key}?protocol=7&client=raw&version=1.0`): RawClient {
    return new RawClient(new WebSocket(`ws://127.0.0.1:${port}${path}`));
  }

  send(message: { event: string; channel?: string; data?: unknown }): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The first message (already received or future) that matches. */
  waitFor(match: (message: WireMessage) => boolean, what: string, ms = 3000): Promise<WireMessage> {
    return within<WireMessage>(ms, what, (resolve) => {
      const check = () => {
        const found = this.messages.find(match);
        if (found) {
          this.waiters.delete(check);
          resolve(found);
        }
      };
      this.waiters.add(check);
      check();
    });
  }

  async socketId(): Promise<string> {
    const established = await this.waitFor((m) => m.event === "pusher:connection_established", "connection_established");
    return (established.data as { socket_id: string }).socket_id;
  }

  async subscribe(channel: string, auth?: { auth: string; channel_data?: string }): Promise<WireMessage> {
    this.send({ event: "pusher:subscribe", data: { channel, ...auth } });
    return this.waitFor(
      (m) => m.channel === channel && (m.event === "pusher_internal:subscription_succeeded" || m.event === "pusher:subscription_error"),
      `a subscription answer on ${channel}`,
    );
  }

  close(): void {
    this.ws.terminate();
  }
}

/**
 * Sends a REST request signed like the SDK does, with knobs to break it.
 * Independent of the SDK so tests can forge what the SDK refuses to send.
 */
export async function signedFetch(
  port: number,
  method: "GET" | "POST",
  subPath: string,
  options: { body?: string; appId?: string; key?: string; secret?: string; timestamp?: number; params?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown }> {
  const path = `/apps/${options.appId ?? APP.id}${subPath}`;
  const params: Record<string, string> = {
    auth_key: options.key ?? APP.key,
    auth_timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    auth_version: "1.0",
    ...options.params,
  };
  if (options.body !== undefined) params.body_md5 = createHash("md5").update(options.body).digest("hex");
  const query = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
  const signature = createHmac("sha256", options.secret ?? APP.secret)
    .update(`${method}\n${path}\n${query}`)
    .digest("hex");
  const response = await fetch(`http://127.0.0.1:${port}${path}?${query}&auth_signature=${signature}`, {
    method,
    body: options.body,
    headers: options.body === undefined ? {} : { "content-type": "application/json" },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Keep non-JSON bodies as text so a failing assertion shows them.
  }
  return { status: response.status, body };
}

// Pusher Channels protocol 7: wire format, names, error codes and limits.
// Values follow https://pusher.com/docs/channels/library_auth_reference/pusher-websockets-protocol
// so that unmodified pusher-js clients react to them as they would to Pusher.
import { randomInt } from "node:crypto";

export const PROTOCOL_VERSION = 7;

/**
 * Close / pusher:error codes. pusher-js picks its reaction from the range:
 * 4000-4099 never reconnect, 4100-4199 reconnect after a back-off,
 * 4200-4299 reconnect at once, 4300+ treated as refused.
 */
export const ErrorCode = {
  appNotFound: 4001,
  overConnectionQuota: 4004,
  pathNotFound: 4005,
  invalidVersion: 4006,
  unsupportedProtocol: 4007,
  noProtocol: 4008,
  unauthorized: 4009,
  // Per-address limit and slow consumers: transient, so the client backs off.
  overCapacity: 4100,
  // Server restart: the client may come straight back (to another instance).
  reconnect: 4200,
  pongTimeout: 4201,
  clientEventRateLimit: 4301,
} as const;

/** Pusher's documented limits; exceeding them is rejected, not truncated. */
export const Limits = {
  eventDataBytes: 10 * 1024,
  eventNameLength: 200,
  channelNameLength: 200,
  channelsPerTrigger: 100,
  eventsPerBatch: 10,
  presenceMembers: 100,
  userInfoBytes: 1024,
  clientEventsPerSecond: 10,
  // A frame can carry one client event (10 KB of data) plus its envelope;
  // anything larger is abuse, and ws closes such sockets with 1009.
  maxFrameBytes: 64 * 1024,
} as const;

export const SERVER_TO_USER_PREFIX = "#server-to-user-";

export type ChannelKind = "public" | "private" | "presence" | "user";

export function channelKind(name: string): ChannelKind {
  if (name.startsWith("presence-")) return "presence";
  // private-encrypted-* subscribes like private-* (the server only relays
  // ciphertext), but takes no client events: see isEncryptedChannel.
  if (name.startsWith("private-")) return "private";
  if (name.startsWith(SERVER_TO_USER_PREFIX)) return "user";
  return "public";
}

/** End-to-end encrypted channels: Pusher refuses client events on them (the sender has no way to encrypt for the others). */
export function isEncryptedChannel(name: string): boolean {
  return name.startsWith("private-encrypted-");
}

/** Pusher's own words, so clients and logs read the same whichever server answers. */
export const ErrorText = {
  clientEventsDisabled: "To send client events, you must enable this feature in the Settings page of your dashboard.",
  clientEventsEncrypted: "Client events are not currently supported for encrypted channels",
} as const;

const CHANNEL_NAME = /^[-a-zA-Z0-9_=@,.;]+$/;

export function isValidChannelName(name: string): boolean {
  if (name.length === 0 || name.length > Limits.channelNameLength) return false;
  if (name.startsWith(SERVER_TO_USER_PREFIX)) {
    return CHANNEL_NAME.test(name.slice(SERVER_TO_USER_PREFIX.length));
  }
  return CHANNEL_NAME.test(name);
}

let socketCounter = 0;

/** `<random>.<counter>`: matches the `^\d+\.\d+$` the SDKs validate, unique per process. */
export function newSocketId(): string {
  socketCounter = (socketCounter + 1) % Number.MAX_SAFE_INTEGER;
  return `${randomInt(1, 2 ** 31 - 1)}.${socketCounter}`;
}

export interface ServerMessage {
  event: string;
  channel?: string;
  /** Channel events carry data as a JSON string, pusher:error as an object. */
  data?: unknown;
  user_id?: string;
}

export function encode(message: ServerMessage): string {
  return JSON.stringify(message);
}

export function errorMessage(code: number | null, message: string): string {
  return encode({ event: "pusher:error", data: { code, message } });
}

export interface ClientMessage {
  event: string;
  channel?: string;
  data: unknown;
}

/** Returns null for anything that is not a JSON object with a string `event`. */
export function parseClientMessage(raw: string): ClientMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { event, channel, data } = value as Record<string, unknown>;
  if (typeof event !== "string") return null;
  if (channel !== undefined && typeof channel !== "string") return null;
  return { event, channel, data };
}

/** pusher-js sends `data` as an object; other clients send a JSON string of one. */
export function dataObject(data: unknown): Record<string, unknown> | null {
  let value = data;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

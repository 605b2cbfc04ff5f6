// Pusher signatures: channel authorization, user sign-in and signed REST
// requests. All are HMAC-SHA256 hex with the app secret; the strings signed
// are exactly the ones the official SDKs build (pusher lib/auth.js, requests.js).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface AppCredentials {
  id: string;
  key: string;
  secret: string;
}

/** Pusher rejects REST timestamps more than 600 s from its clock (replay window). */
export const MAX_CLOCK_SKEW_SECONDS = 600;

export function sign(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload, "utf8").digest("hex");
}

// Constant-time, so a forged signature can't be found byte by byte.
function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `auth` must be `key:HMAC(secret, "socket_id:channel[:channel_data]")`. */
export function isChannelAuthValid(
  app: AppCredentials,
  socketId: string,
  channel: string,
  auth: unknown,
  channelData?: string,
): boolean {
  if (typeof auth !== "string") return false;
  const payload = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  return safeEqual(auth, `${app.key}:${sign(app.secret, payload)}`);
}

/**
 * Pusher's words for a refused channel signature: the string that should have
 * been signed (all of it the client's own: socket id, channel, channel_data)
 * and the signature it sent. Never the expected digest.
 */
export function invalidSignatureMessage(socketId: string, channel: string, auth: unknown, channelData?: string): string {
  const payload = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  const given = typeof auth === "string" ? auth.slice(auth.indexOf(":") + 1) : String(auth);
  return `Invalid signature: Expected HMAC SHA256 hex digest of ${payload}, but got ${given.slice(0, 128)}`;
}

/** pusher:signin: `auth` must be `key:HMAC(secret, "socket_id::user::user_data")`. */
export function isUserAuthValid(app: AppCredentials, socketId: string, userData: string, auth: unknown): boolean {
  if (typeof auth !== "string") return false;
  return safeEqual(auth, `${app.key}:${sign(app.secret, `${socketId}::user::${userData}`)}`);
}

export interface RestRequest {
  method: string;
  /** The raw path as sent (not decoded): it is what the client signed. */
  path: string;
  query: URLSearchParams;
  body: string;
  nowSeconds: number;
}

export interface RestAuthFailure {
  status: 400 | 401;
  code: string;
  message: string;
}

/**
 * Checks a signed REST request: auth_key, auth_version 1.0, a fresh
 * auth_timestamp, body_md5 of the raw body, and auth_signature over
 * "METHOD\nPATH\nsorted query without auth_signature". Returns null if valid.
 */
export function verifyRestRequest(app: AppCredentials, req: RestRequest): RestAuthFailure | null {
  const params = new Map<string, string>();
  for (const [key, value] of req.query) {
    // A repeated key makes the signed string ambiguous.
    if (params.has(key)) return { status: 400, code: "malformed_query", message: `Duplicate query parameter ${key}` };
    params.set(key, value);
  }
  const fail = (message: string): RestAuthFailure => ({ status: 401, code: "unauthorized", message });

  const key = params.get("auth_key");
  if (key === undefined) return fail("Missing auth_key");
  if (key !== app.key) return fail("Unknown auth_key");
  if (params.get("auth_version") !== "1.0") return fail("auth_version must be 1.0");

  const timestamp = Number(params.get("auth_timestamp"));
  if (!Number.isInteger(timestamp)) return fail("Missing or invalid auth_timestamp");
  if (Math.abs(req.nowSeconds - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    return fail(`Timestamp expired: ${timestamp} is not within ${MAX_CLOCK_SKEW_SECONDS}s of server time ${req.nowSeconds}`);
  }

  if (req.body.length > 0) {
    const md5 = createHash("md5").update(req.body, "utf8").digest("hex");
    if (params.get("body_md5") !== md5) return fail("body_md5 does not match the request body");
  }

  const signature = params.get("auth_signature");
  if (signature === undefined) return fail("Missing auth_signature");
  params.delete("auth_signature");
  const query = [...params.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const expected = sign(app.secret, `${req.method.toUpperCase()}\n${req.path}\n${query}`);
  if (!safeEqual(signature, expected)) return fail("Invalid signature");
  return null;
}

// R16.4 one-click unsubscribe (RFC 8058): a notification email's link names the user and the
// kind, signed with AUTH_SECRET, so it needs no sign-in and cannot be forged for someone else.
// No "server-only" marker: only node:crypto, used by the worker and the route alike.
import { createHmac, timingSafeEqual } from "node:crypto";
import { portalOrigin } from "@/lib/config/origin";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KIND = /^[a-z_]{1,64}$/;

function secret(env: Record<string, string | undefined>): string {
  const value = env.AUTH_SECRET;
  if (!value) throw new Error("AUTH_SECRET is not set: unsubscribe links are signed with it.");
  return value;
}

function signature(userId: string, kind: string, env: Record<string, string | undefined>): Buffer {
  return createHmac("sha256", secret(env)).update(`unsubscribe\n${userId}\n${kind}`).digest();
}

/**
 * `<userId>.<kind>.<hmac>`.
 * Choice: the link never expires (mail clients keep it for years) and stays valid after it was
 * used: turning a kind off twice is harmless, and the settings page turns it back on.
 */
export function unsubscribeToken(userId: string, kind: string, env: Record<string, string | undefined> = process.env): string {
  return `${userId}.${kind}.${signature(userId, kind, env).toString("base64url")}`;
}

/** The user and kind a token names, or null when it is malformed or its signature is wrong. */
export function readUnsubscribeToken(token: string, env: Record<string, string | undefined> = process.env): { userId: string; kind: string } | null {
  const [userId, kind, sig, ...rest] = token.split(".");
  if (rest.length || !userId || !kind || !sig || !UUID.test(userId) || !KIND.test(kind)) return null;
  const given = Buffer.from(sig, "base64url");
  const expected = signature(userId, kind, env);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { userId, kind } : null;
}

/** The page with the confirm button (a GET only shows it: mail scanners fetch links). */
export function unsubscribePageUrl(token: string): string {
  return `${portalOrigin()}/unsubscribe?t=${encodeURIComponent(token)}`;
}

/** The List-Unsubscribe target: mail clients POST "List-Unsubscribe=One-Click" here (RFC 8058). */
export function unsubscribeOneClickUrl(token: string): string {
  return `${portalOrigin()}/api/unsubscribe?t=${encodeURIComponent(token)}`;
}

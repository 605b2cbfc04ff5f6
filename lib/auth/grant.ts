// A short-lived signed grant handed from our rate-limited sign-in route to
// next-auth's credentials provider, so the password is checked once, by us,
// and next-auth's own callback cannot be used to bypass the rate limit.
import { createHmac, timingSafeEqual } from "node:crypto";

function sign(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url");
}

export function createGrant(userId: string, expiresAtMs: number, secret: string): string {
  const payload = `${userId}.${expiresAtMs}`;
  return `${payload}.${sign(payload, secret)}`;
}

/** The user id, or null when the grant is forged, malformed or expired. */
export function readGrant(grant: string, nowMs: number, secret: string): string | null {
  const parts = grant.split(".");
  if (parts.length !== 3) return null;
  const [userId, expires, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(`${userId}.${expires}`, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (!(Number(expires) > nowMs)) return null;
  return userId;
}

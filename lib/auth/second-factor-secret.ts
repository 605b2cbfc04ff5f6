import "server-only";
// R16.3 the TOTP secret at rest: AES-256-GCM under a key derived from AUTH_SECRET (HKDF-SHA256), so a
// copy of the database alone cannot produce codes. Stored as "v1.<iv>.<tag>.<ciphertext>" in base64url.
// The same scheme, with its own derived key per purpose, keeps the portal's signing keys (R15.3).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "./secret";

const TOTP_PURPOSE = "second-factor-secret v1";

function key(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), "hourglass", purpose, 32));
}

/** Encrypts under AUTH_SECRET for one purpose (the HKDF info): a key made for one purpose opens nothing of another. */
export function encryptWithAuthSecret(plaintext: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function decryptWithAuthSecret(stored: string, purpose: string): string {
  const [version, iv, tag, body] = stored.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error(`Unreadable secret (${purpose}).`);
  const decipher = createDecipheriv("aes-256-gcm", key(purpose), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

export function encryptTotpSecret(secret: string): string {
  return encryptWithAuthSecret(secret, TOTP_PURPOSE);
}

export function decryptTotpSecret(stored: string): string {
  return decryptWithAuthSecret(stored, TOTP_PURPOSE);
}

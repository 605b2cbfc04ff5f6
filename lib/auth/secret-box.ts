// Secrets at rest under AUTH_SECRET: AES-256-GCM with a key derived per purpose (HKDF-SHA256), so a copy
// of the database alone opens nothing, and a key made for one purpose opens nothing of another. Stored as
// "v1.<iv>.<tag>.<ciphertext>" in base64url. Used for TOTP secrets (R16.3) and the portal's signing keys
// (R15.3). No "server-only" marker: the demo seed seals its closed weeks in plain Node.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "./secret";

function key(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), "hourglass", purpose, 32));
}

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

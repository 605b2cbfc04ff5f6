import "server-only";
// R16.3 the TOTP secret at rest: AES-256-GCM under a key derived from AUTH_SECRET (./secret-box.ts), so a
// copy of the database alone cannot produce codes.
import { decryptWithAuthSecret, encryptWithAuthSecret } from "./secret-box";

const PURPOSE = "second-factor-secret v1";

export function encryptTotpSecret(secret: string): string {
  return encryptWithAuthSecret(secret, PURPOSE);
}

export function decryptTotpSecret(stored: string): string {
  return decryptWithAuthSecret(stored, PURPOSE);
}

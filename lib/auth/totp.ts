// R16.3 TOTP (RFC 6238: SHA-1, 6 digits, 30 s steps, what every authenticator app speaks), through otplib.
// Pure: no database, no clock of its own (callers pass the instant), so tests fix the time.
import { generateSecret, generateSync, generateURI, verifySync } from "otplib";

export const TOTP_PERIOD_SECONDS = 30;

/** A fresh base32 secret (160 bits). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: string, issuer: string): string {
  return generateURI({ issuer, label: account, secret });
}

/** The 6-digit code of `secret` at `atMs` (tests and the demo use it; people use their app). */
export function totpCode(secret: string, atMs: number): string {
  return generateSync({ secret, epoch: Math.floor(atMs / 1000) });
}

/**
 * The time step `code` belongs to, or null when it matches none. Choice: one step either side of
 * now is accepted (a phone's clock a little off, or a code typed as it changed), as most portals do;
 * a step at or before `afterStep` (the last one used) is refused, so a code works once.
 */
export function matchTotpStep(secret: string, code: string, atMs: number, afterStep?: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(atMs / 1000),
    epochTolerance: TOTP_PERIOD_SECONDS,
    ...(afterStep !== null && afterStep !== undefined ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

import "server-only";
import { db } from "@/lib/db/client";
import type { DeviceAuthorizationStatus } from "@/lib/generated/prisma/enums";
import { hashToken, mintTrackerToken } from "@/lib/tracker-tokens/create-tracker-token";
import { fromBase64url } from "@/verifier/src/encoding";
import { keyIdOf } from "@/verifier/src/signatures";
import type { DeviceTokenError } from "@/lib/validation/tracker-device";
import { DEVICE_SIGN_IN } from "./limits";

export type DevicePoll = { accessToken: string } | { error: DeviceTokenError; description: string };

interface Locked {
  id: string;
  status: DeviceAuthorizationStatus;
  device_name: string;
  user_id: string | null;
  expires_at: Date;
  last_polled_at: Date | null;
  interval_seconds: number;
  public_key: string | null;
}

const refuse = (error: DeviceTokenError, description: string): DevicePoll => ({ error, description });

/**
 * RFC 8628 3.4-3.5: one poll of the tracker. The row is locked, so two polls at once cannot both get
 * a token. Choice: the token is created here, at the first poll after approval, in the same
 * transaction that marks the sign-in ISSUED: the portal never holds a token it could leak later,
 * and the device code works once.
 */
export async function pollDeviceAuthorization(deviceCode: string, now: Date): Promise<DevicePoll> {
  return db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Locked[]>`
      SELECT id::text, status, device_name, user_id::text, expires_at, last_polled_at, interval_seconds, public_key
      FROM device_authorizations WHERE device_code_hash = ${hashToken(deviceCode)} FOR UPDATE`;
    if (!row) return refuse("invalid_grant", "Unknown device code. Start the sign-in again.");
    if (row.status === "ISSUED") return refuse("invalid_grant", "This device code was already used. Start the sign-in again.");
    if (row.status === "DENIED") return refuse("access_denied", "The sign-in was denied in the browser.");
    if (now >= row.expires_at) return refuse("expired_token", "The code expired before it was approved. Start the sign-in again.");

    const early = row.last_polled_at && now.getTime() - row.last_polled_at.getTime() < row.interval_seconds * 1000 - DEVICE_SIGN_IN.pollToleranceMs;
    if (early) {
      const interval = Math.min(row.interval_seconds + DEVICE_SIGN_IN.slowDownStepSeconds, DEVICE_SIGN_IN.maxIntervalSeconds);
      await tx.deviceAuthorization.update({ where: { id: row.id }, data: { lastPolledAt: now, intervalSeconds: interval } });
      return refuse("slow_down", `Polled too often: wait ${interval} seconds between polls.`);
    }
    if (row.status === "PENDING") {
      await tx.deviceAuthorization.update({ where: { id: row.id }, data: { lastPolledAt: now } });
      return refuse("authorization_pending", "Waiting for the freelancer to approve the code in the browser.");
    }
    // APPROVED: an ordinary tracker token, named after the device, so Settings > Tracker lists and revokes it.
    const { token, tokenHash, prefix } = mintTrackerToken();
    // R15.1 the key the tracker made at this sign-in becomes the device's key
    const key = row.public_key ? { publicKey: row.public_key, keyId: await keyIdOf(fromBase64url(row.public_key)) } : {};
    const created = await tx.trackerToken.create({ data: { userId: row.user_id!, name: row.device_name, tokenHash, prefix, createdAt: now, ...key } });
    await tx.deviceAuthorization.update({ where: { id: row.id }, data: { status: "ISSUED", tokenId: created.id, lastPolledAt: now } });
    return { accessToken: token };
  });
}

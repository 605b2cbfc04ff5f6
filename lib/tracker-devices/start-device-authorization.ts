import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/ledger/pg-errors";
import { admitAttempt } from "@/lib/rate-limit/attempts";
import { hashToken } from "@/lib/tracker-tokens/create-tracker-token";
import type { DeviceAuthorization } from "@/lib/validation/tracker-device";
import { DEVICE_SIGN_IN } from "./limits";
import { formatUserCode, newUserCode } from "./user-code";

export interface StartDeviceAuthorizationInput {
  deviceName?: string;
  /** R15.1 the tracker's Ed25519 public key (base64url, already checked to be 32 bytes) */
  publicKey?: string;
  /** the client address, for the per-address limit */
  address: string;
  /** the portal's origin as the tracker called it, for verification_uri */
  origin: string;
}

/** RFC 8628 3.1-3.2: a new pending sign-in; only the device code's hash is stored. 429 past the per-address limit. */
export async function startDeviceAuthorization(input: StartDeviceAuthorizationInput, now: Date): Promise<DeviceAuthorization> {
  const { limit, windowMs } = DEVICE_SIGN_IN.startsPerAddress;
  const admitted = await admitAttempt({ key: `device-code:ip:${input.address}`, limit, windowMs }, now);
  if (!admitted.admitted) {
    throw new ApiError("rate_limited", `Too many sign-ins started from this address. Try again in ${admitted.retryAfterSeconds} seconds.`, {
      retryAfterSeconds: admitted.retryAfterSeconds,
    });
  }
  const deviceCode = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + DEVICE_SIGN_IN.expiresInSeconds * 1000);
  const deviceName = input.deviceName || DEVICE_SIGN_IN.defaultDeviceName;
  // A user code is unique among pending sign-ins (a partial index): on the rare clash, draw again.
  for (let attempt = 0; ; attempt++) {
    const userCode = newUserCode();
    try {
      await db().deviceAuthorization.create({
        data: {
          ...{ deviceCodeHash: hashToken(deviceCode), userCode, deviceName, publicKey: input.publicKey ?? null },
          ...{ createdAt: now, expiresAt, intervalSeconds: DEVICE_SIGN_IN.intervalSeconds },
        },
      });
      const shown = formatUserCode(userCode);
      const verificationUri = `${input.origin}/device`;
      return {
        device_code: deviceCode,
        user_code: shown,
        verification_uri: verificationUri,
        verification_uri_complete: `${verificationUri}?code=${shown}`,
        expires_in: DEVICE_SIGN_IN.expiresInSeconds,
        interval: DEVICE_SIGN_IN.intervalSeconds,
      };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 4) throw error;
    }
  }
}

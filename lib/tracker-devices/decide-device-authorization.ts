import "server-only";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { limitedAttempt } from "@/lib/rate-limit/attempts";
import type { DeviceDecisionInput } from "@/lib/validation/tracker-device";
import { DEVICE_SIGN_IN } from "./limits";
import { formatUserCode, normalizeUserCode } from "./user-code";

/** A sign-in waiting at /device, as the freelancer confirms it. */
export interface PendingDevice {
  userCode: string;
  deviceName: string;
  expiresAt: string;
}

export const DEVICE_REFUSALS = {
  unknown: "No sign-in is waiting for this code. Check the code your tracker shows, or start the sign-in again there.",
  expired: "This code has expired. Start the sign-in again from your tracker.",
  used: "This code was already used. Start the sign-in again from your tracker if it did not sign in.",
  role: "Only freelancers sign in the tracker. Sign in with your freelancer account to approve this device.",
} as const;

const refused = (message: string) => new ApiError("conflict", message);

/**
 * The sign-in `typed` names, for the freelancer to confirm. A code that names no sign-in is a failed
 * guess: past DEVICE_SIGN_IN.wrongCodesPerUser of them it answers 429 without looking. An expired
 * or used code is a 409 with its own message; it was not guessed, so it does not count.
 */
export async function findDeviceAuthorization(user: CurrentUser, typed: string, now: Date): Promise<PendingDevice> {
  if (user.role !== "FREELANCER") throw new ApiError("forbidden", DEVICE_REFUSALS.role);
  const code = normalizeUserCode(typed);
  const hit: { row?: { userCode: string; deviceName: string; status: string; expiresAt: Date } | null } = {};
  const { limit, windowMs } = DEVICE_SIGN_IN.wrongCodesPerUser;
  await limitedAttempt(
    [{ key: `device-verify:user:${user.id}`, limit, windowMs }],
    now,
    (s) => `Too many wrong codes. Try again in ${Math.ceil(s / 60)} minutes.`,
    async () => {
      // The newest sign-in with this code: codes are unique only among pending ones.
      hit.row = code ? await db().deviceAuthorization.findFirst({ where: { userCode: code }, orderBy: { createdAt: "desc" } }) : null;
      return hit.row !== null;
    },
  );
  const row = hit.row;
  if (!row) throw new ApiError("not_found", DEVICE_REFUSALS.unknown);
  if (row.status !== "PENDING") throw refused(DEVICE_REFUSALS.used);
  if (now >= row.expiresAt) throw refused(DEVICE_REFUSALS.expired);
  return { userCode: formatUserCode(row.userCode), deviceName: row.deviceName, expiresAt: row.expiresAt.toISOString() };
}

/**
 * RFC 8628 3.3: the freelancer approves (the sign-in becomes theirs, under the name they confirmed)
 * or denies. Only a pending, unexpired sign-in changes, in one conditional update, so two tabs
 * cannot both decide.
 */
export async function decideDeviceAuthorization(user: CurrentUser, input: DeviceDecisionInput, now: Date): Promise<{ status: "APPROVED" | "DENIED"; deviceName: string }> {
  const pending = await findDeviceAuthorization(user, input.userCode, now);
  const status = input.decision === "approve" ? "APPROVED" : "DENIED";
  const deviceName = input.deviceName || pending.deviceName;
  const updated = await db().deviceAuthorization.updateMany({
    where: { userCode: normalizeUserCode(input.userCode)!, status: "PENDING", expiresAt: { gt: now } },
    data: { status, userId: user.id, decidedAt: now, deviceName },
  });
  if (updated.count === 0) throw refused(DEVICE_REFUSALS.used);
  return { status, deviceName };
}

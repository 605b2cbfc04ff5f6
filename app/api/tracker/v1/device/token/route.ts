// POST /api/tracker/v1/device/token - poll a device sign-in (RFC 8628 3.4): the tracker token once approved, else an RFC 8628 3.5 error
import { NextResponse } from "next/server";
import { withoutSession } from "@/app/api/_lib/handler";
import { pollDeviceAuthorization } from "@/lib/tracker-devices/poll-device-authorization";
import { DEVICE_CODE_GRANT_TYPE, deviceTokenRequestSchema, type DeviceTokenError } from "@/lib/validation/tracker-device";
import { now } from "@/lib/clock";
import { readFormOrJson } from "../read-body";

const NO_STORE = { "Cache-Control": "no-store" };
const oauthError = (error: DeviceTokenError, description: string) =>
  NextResponse.json({ error, error_description: description }, { status: 400, headers: NO_STORE });

export const POST = withoutSession(async (req) => {
  const raw = await readFormOrJson(req).catch(() => null);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return oauthError("invalid_request", "Send grant_type and device_code as a form or a JSON object.");
  const body = deviceTokenRequestSchema.safeParse(raw);
  if (!body.success) {
    const grantType = (raw as { grant_type?: unknown }).grant_type;
    if (grantType !== undefined && grantType !== DEVICE_CODE_GRANT_TYPE) return oauthError("unsupported_grant_type", `grant_type must be ${DEVICE_CODE_GRANT_TYPE}.`);
    return oauthError("invalid_request", "grant_type and device_code are required.");
  }
  const poll = await pollDeviceAuthorization(body.data.device_code, now());
  if ("error" in poll) return oauthError(poll.error, poll.description);
  return NextResponse.json({ access_token: poll.accessToken, token_type: "Bearer" }, { headers: NO_STORE });
});

// POST /api/device/decision - the signed-in freelancer approves or denies a tracker's device sign-in at /device
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { decideDeviceAuthorization } from "@/lib/tracker-devices/decide-device-authorization";
import { deviceDecisionSchema } from "@/lib/validation/tracker-device";
import { now } from "@/lib/clock";

export const POST = withSession(async (_req, { user, body }) => NextResponse.json(await decideDeviceAuthorization(user, body, now())), {
  roles: ["FREELANCER"],
  body: deviceDecisionSchema,
});

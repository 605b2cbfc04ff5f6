// POST /api/tracker/v1/device/code - start a tracker's device sign-in (RFC 8628 3.1), no credential; rate limited per address
import { NextResponse } from "next/server";
import { clientIp, withoutSession } from "@/app/api/_lib/handler";
import { startDeviceAuthorization } from "@/lib/tracker-devices/start-device-authorization";
import { deviceCodeRequestSchema } from "@/lib/validation/tracker-device";
import { now } from "@/lib/clock";
import { readFormOrJson } from "../read-body";

export const POST = withoutSession(async (req) => {
  const body = deviceCodeRequestSchema.parse(await readFormOrJson(req));
  // Choice: verification_uri is on the origin the tracker called, the portal URL the freelancer gave it.
  const started = await startDeviceAuthorization({ deviceName: body.device_name, address: clientIp(req), origin: new URL(req.url).origin }, now());
  return NextResponse.json(started, { headers: { "Cache-Control": "no-store" } });
});

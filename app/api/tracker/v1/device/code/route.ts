// POST /api/tracker/v1/device/code - start a tracker's device sign-in (RFC 8628 3.1), no credential; rate limited per address
import { NextResponse } from "next/server";
import { clientIp, withoutSession } from "@/app/api/_lib/handler";
import { startDeviceAuthorization } from "@/lib/tracker-devices/start-device-authorization";
import { deviceCodeRequestSchema } from "@/lib/validation/tracker-device";
import { now } from "@/lib/clock";
import { readFormOrJson } from "../read-body";

/**
 * Choice: verification_uri is on the origin the tracker called (the portal URL the freelancer gave it), over
 * https when a TLS proxy in front says so, as proxy.ts reads it; a client that forges the header only changes its own answer.
 */
function portalOrigin(req: Request): string {
  const url = new URL(req.url);
  const tls = url.protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  return `${tls ? "https" : "http"}://${url.host}`;
}

export const POST = withoutSession(async (req) => {
  const body = deviceCodeRequestSchema.parse(await readFormOrJson(req));
  const started = await startDeviceAuthorization({ deviceName: body.device_name, publicKey: body.public_key, address: clientIp(req), origin: portalOrigin(req) }, now());
  return NextResponse.json(started, { headers: { "Cache-Control": "no-store" } });
});

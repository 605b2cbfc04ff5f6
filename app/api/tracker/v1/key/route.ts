// PUT /api/tracker/v1/key - register the device's Ed25519 public key for this token (R15.1); 200 { keyId }, 409 when another is set
import { NextResponse } from "next/server";
import { withTrackerToken } from "@/app/api/_lib/handler";
import { registerDeviceKey } from "@/lib/tracker-tokens/register-device-key";
import { deviceKeyRequestSchema } from "@/lib/validation/tracker";

export const PUT = withTrackerToken(async (_req, { principal, body }) => NextResponse.json(await registerDeviceKey(principal, body.publicKey)), {
  body: deviceKeyRequestSchema,
});

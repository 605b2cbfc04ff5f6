// POST /api/realtime/webhooks - Pusher-format webhooks from the realtime server (ours or hosted Pusher): presence
import { NextResponse } from "next/server";
import { withoutSession } from "@/app/api/_lib/handler";
import { ApiError } from "@/lib/errors";
import { receiveWebhook } from "@/lib/realtime/receive-webhook";

export const runtime = "nodejs";

// A batch of 100 presence events is about 15 KB; anything near this is not a webhook.
const MAX_BODY_BYTES = 256 * 1024;

// No session: the realtime server is the caller, and the signature with the app secret is its credential.
export const POST = withoutSession(async (req) => {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw new ApiError("payload_too_large", "Webhook body too large.");
  const rawBody = await req.text();
  if (Buffer.byteLength(rawBody, "utf8") > MAX_BODY_BYTES) throw new ApiError("payload_too_large", "Webhook body too large.");
  const result = await receiveWebhook({
    key: req.headers.get("x-pusher-key"),
    signature: req.headers.get("x-pusher-signature"),
    contentType: req.headers.get("content-type"),
    rawBody,
  });
  return NextResponse.json(result);
});

// POST /api/calls/:callId/hangup - R17.1 end the call from this tab; idempotent. Also takes the text/plain body of
// navigator.sendBeacon on pagehide (the handler reads any body as JSON), so a closed tab ends its call at once.
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { hangupCall } from "@/lib/calls/call-actions";
import { callParams } from "@/lib/calls/route-params";
import { hangupCallSchema } from "@/lib/validation/calls";
import { now } from "@/lib/clock";

export const runtime = "nodejs";

export const POST = withSession(async (_req, { user, params, body }) => NextResponse.json({ call: await hangupCall(user, params.callId, body, now()) }), { params: callParams, body: hangupCallSchema });

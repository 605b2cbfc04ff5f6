// POST /api/calls/:callId/decline - R17.1 the callee turns a ringing call down
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { declineCall } from "@/lib/calls/call-actions";
import { callParams } from "@/lib/calls/route-params";
import { callTabSchema } from "@/lib/validation/calls";
import { now } from "@/lib/clock";

export const runtime = "nodejs";

export const POST = withSession(async (_req, { user, params }) => NextResponse.json({ call: await declineCall(user, params.callId, now()) }), { params: callParams, body: callTabSchema });

// POST /api/calls/:callId/heartbeat - R17.1 this tab is still in the call (every 2 s); answers the call, ended if the other side has gone
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { heartbeatCall } from "@/lib/calls/call-actions";
import { callParams } from "@/lib/calls/route-params";
import { callTabSchema } from "@/lib/validation/calls";
import { now } from "@/lib/clock";

export const runtime = "nodejs";

export const POST = withSession(async (_req, { user, params, body }) => NextResponse.json({ call: await heartbeatCall(user, params.callId, body.tabId, now()) }), { params: callParams, body: callTabSchema });

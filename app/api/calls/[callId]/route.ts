// GET /api/calls/:callId - R17.1 one of the user's calls
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { getCall } from "@/lib/calls/call-actions";
import { callParams } from "@/lib/calls/route-params";
import { now } from "@/lib/clock";

export const runtime = "nodejs";

export const GET = withSession(async (_req, { user, params }) => NextResponse.json({ call: await getCall(user, params.callId, now()) }), { params: callParams });

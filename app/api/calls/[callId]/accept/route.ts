// POST /api/calls/:callId/accept - R17.1 the callee answers from this tab (409 already_answered when another tab did)
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { acceptCall } from "@/lib/calls/call-actions";
import { callParams } from "@/lib/calls/route-params";
import { callTabSchema } from "@/lib/validation/calls";
import { now } from "@/lib/clock";

export const runtime = "nodejs";

export const POST = withSession(
  async (_req, { user, params, body }) => NextResponse.json({ call: await acceptCall(user, params.callId, body.tabId, now()) }),
  { params: callParams, body: callTabSchema },
);

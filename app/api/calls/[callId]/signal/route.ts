// POST /api/calls/:callId/signal - R17.1 relay an offer, answer, ICE candidate or restart to the call's other tab (202)
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { relaySignal } from "@/lib/calls/relay-signal";
import { callParams } from "@/lib/calls/route-params";
import { callSignalSchema } from "@/lib/validation/calls";

export const runtime = "nodejs";

export const POST = withSession(
  async (_req, { user, params, body }) => {
    await relaySignal(user, params.callId, body);
    return NextResponse.json({ relayed: true }, { status: 202 });
  },
  { params: callParams, body: callSignalSchema },
);

// POST /api/conversations/:conversationId/calls - R17.1 call the other party of the conversation's contract (rings them; 409 busy when they are in a call)
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { placeCall } from "@/lib/calls/place-call";
import { callTabSchema } from "@/lib/validation/calls";
import { now } from "@/lib/clock";

export const runtime = "nodejs";

export const POST = withSession(
  async (_req, { user, params, body }) => NextResponse.json({ call: await placeCall(user, { conversationId: params.conversationId, tabId: body.tabId }, now()) }, { status: 201 }),
  { params: z.object({ conversationId: routeId("No such conversation.") }), body: callTabSchema },
);

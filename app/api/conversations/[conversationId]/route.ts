// GET /api/conversations/:conversationId - one conversation with both sides' read state (404 unless a participant or admin)
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { getConversation } from "@/lib/messages/get-conversation";

export const runtime = "nodejs";

export const GET = withSession(
  async (_req, { user, params }) => NextResponse.json({ conversation: await getConversation(user, params.conversationId) }),
  { params: z.object({ conversationId: routeId("No such conversation.") }) },
);

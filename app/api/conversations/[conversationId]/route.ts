// GET /api/conversations/:conversationId - one conversation with both sides' read state (404 unless a participant or admin)
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { getConversation } from "@/lib/messages/get-conversation";

export const runtime = "nodejs";

export const GET = withSession<{ conversationId: string }>(async (_req, { user, params }) =>
  NextResponse.json({ conversation: await getConversation(user, params.conversationId) }),
);

// POST /api/conversations/:conversationId/read - move the user's read marker up to a message (default: the newest)
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { markConversationRead } from "@/lib/messages/mark-read";
import { markReadSchema, socketIdHeaderSchema } from "@/lib/validation/messages";

export const runtime = "nodejs";

export const POST = withSession(
  async (req, { user, params, body: { upToMessageId } }) => {
    const socketId = socketIdHeaderSchema.safeParse(req.headers.get("x-socket-id")).data;
    const result = await markConversationRead(user, params.conversationId, { upToMessageId, socketId });
    return NextResponse.json({ lastReadAt: result.lastReadAt });
  },
  { roles: ["CLIENT", "FREELANCER"], params: z.object({ conversationId: routeId("No such conversation.") }), body: markReadSchema },
);

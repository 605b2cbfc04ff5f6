// POST /api/conversations/:conversationId/read - move the user's read marker up to a message (default: the newest)
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { markConversationRead } from "@/lib/messages/mark-read";
import { markReadSchema, socketIdHeaderSchema } from "@/lib/validation/messages";

export const runtime = "nodejs";

export const POST = withSession<{ conversationId: string }>(
  async (req, { user, params }) => {
    const { upToMessageId } = markReadSchema.parse(await req.json().catch(() => ({})));
    const socketId = socketIdHeaderSchema.safeParse(req.headers.get("x-socket-id")).data;
    const result = await markConversationRead(user, params.conversationId, { upToMessageId, socketId });
    return NextResponse.json({ lastReadAt: result.lastReadAt });
  },
  { roles: ["CLIENT", "FREELANCER"] },
);

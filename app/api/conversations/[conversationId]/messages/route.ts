// GET /api/conversations/:conversationId/messages?cursor=&limit= - one page of history, newest first
// POST /api/conversations/:conversationId/messages - send a message (JSON, or multipart with attachments); idempotent per clientId
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { listMessages } from "@/lib/messages/list-messages";
import { sendMessage } from "@/lib/messages/send-message";
import { readSendRequest } from "@/lib/messages/read-send-request";
import { listMessagesQuerySchema } from "@/lib/validation/messages";
import { now } from "@/lib/clock";

export const runtime = "nodejs";

const params = z.object({ conversationId: routeId("No such conversation.") });

export const GET = withSession(
  async (req, { user, params }) => {
    const query = listMessagesQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
    return NextResponse.json(await listMessages(user, params.conversationId, query));
  },
  { params },
);

export const POST = withSession(
  async (req, { user, params }) => {
    const { fields, files, socketId } = await readSendRequest(req);
    const result = await sendMessage(user, { conversationId: params.conversationId, ...fields, files }, { now: now(), socketId });
    return NextResponse.json({ message: result.message }, { status: result.created ? 201 : 200 });
  },
  { roles: ["CLIENT", "FREELANCER"], params },
);

// GET /api/messages/:messageId - one message (what a browser fetches after a message-created event)
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { getMessage } from "@/lib/messages/list-messages";

export const runtime = "nodejs";

export const GET = withSession(
  async (_req, { user, params }) => NextResponse.json({ message: await getMessage(user, params.messageId) }),
  { params: z.object({ messageId: routeId("No such message.") }) },
);

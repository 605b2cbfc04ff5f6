// GET /api/messages/:messageId - one message (what a browser fetches after a message-created event)
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { getMessage } from "@/lib/messages/list-messages";

export const runtime = "nodejs";

export const GET = withSession<{ messageId: string }>(async (_req, { user, params }) =>
  NextResponse.json({ message: await getMessage(user, params.messageId) }),
);

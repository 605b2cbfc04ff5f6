// GET /api/conversations/unread - unread messages over all the user's conversations (navigation badge)
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { countUnread } from "@/lib/messages/list-conversations";

export const runtime = "nodejs";

export const GET = withSession(async (_req, { user }) => NextResponse.json({ total: await countUnread(user) }));

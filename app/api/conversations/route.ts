// GET /api/conversations - the user's conversations with last message and unread count
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { listConversations } from "@/lib/messages/list-conversations";

export const runtime = "nodejs";

export const GET = withSession(async (_req, { user }) => NextResponse.json({ conversations: await listConversations(user) }));

// GET /api/notifications/unread - the bell's count of unread notifications
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { countUnreadNotifications } from "@/lib/notifications/inbox";

export const runtime = "nodejs";

export const GET = withSession(async (_req, { user }) => NextResponse.json({ total: await countUnreadNotifications(user.id) }));

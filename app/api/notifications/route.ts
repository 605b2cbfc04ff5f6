// GET /api/notifications - the user's notifications, newest first (R16.4), and how many are unread
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { countUnreadNotifications, listNotifications } from "@/lib/notifications/inbox";

export const runtime = "nodejs";

export const GET = withSession(async (_req, { user }) => {
  const [notifications, unread] = await Promise.all([listNotifications(user.id), countUnreadNotifications(user.id)]);
  return NextResponse.json({ notifications, unread });
});

// POST /api/notifications/read-all - marks every unread notification of the user read
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { markAllNotificationsRead } from "@/lib/notifications/inbox";
import { now } from "@/lib/clock";

export const runtime = "nodejs";

export const POST = withSession(async (_req, { user }) => NextResponse.json({ marked: await markAllNotificationsRead(user.id, now()) }));

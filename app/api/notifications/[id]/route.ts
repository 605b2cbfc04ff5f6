// PATCH /api/notifications/:id - { read: boolean }: marks one of the user's notifications read or unread (another's: 404)
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { markNotification } from "@/lib/notifications/inbox";
import { now } from "@/lib/clock";

export const runtime = "nodejs";

export const PATCH = withSession(
  async (_req, { user, params, body }) => NextResponse.json({ notification: await markNotification(user.id, params.id, body.read, now()) }),
  { params: z.object({ id: routeId("No such notification.") }), body: z.strictObject({ read: z.boolean() }) },
);

// GET /api/notifications/preferences - Settings › Notifications: each kind's portal and email switches (R16.4)
// PUT /api/notifications/preferences - { kind, inApp?, email? }: moves one kind's switches
import { NextResponse } from "next/server";
import { z } from "zod";
import { withSession } from "@/app/api/_lib/handler";
import { listPreferences, setPreference } from "@/lib/notifications/preferences";
import { NOTIFICATION_KINDS } from "@/lib/notifications/kinds";

export const runtime = "nodejs";

const change = z
  .strictObject({ kind: z.enum(NOTIFICATION_KINDS, { error: "Unknown notification kind." }), inApp: z.boolean().optional(), email: z.boolean().optional() })
  .refine((c) => c.inApp !== undefined || c.email !== undefined, { error: "Say which switch to move: inApp or email.", path: ["inApp"] });

export const GET = withSession(async (_req, { user }) => NextResponse.json({ preferences: await listPreferences(user.id) }));

export const PUT = withSession(
  async (_req, { user, body }) => NextResponse.json({ preference: await setPreference(user.id, body.kind, { inApp: body.inApp, email: body.email }) }),
  { body: change },
);

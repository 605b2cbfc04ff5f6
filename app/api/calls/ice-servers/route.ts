// GET /api/calls/ice-servers - R17.1 the STUN/TURN servers for this user's calls (TURN credentials expire: TURN_TTL_SECONDS)
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { iceServersFor } from "@/lib/calls/ice-servers";
import { now } from "@/lib/clock";

export const runtime = "nodejs";

// Choice: admins never take part in calls, so they get no TURN credentials (403, the wrong role).
export const GET = withSession(async (_req, { user }) => NextResponse.json({ iceServers: iceServersFor(user.id, now()) }, { headers: { "cache-control": "no-store" } }), {
  roles: ["CLIENT", "FREELANCER"],
});

// GET /api/tracker/v1/ping - is the portal up, and what is its clock
// Choice: no token, no data, no database: safe to answer anyone, cheap enough for health checks.
import { NextResponse } from "next/server";
import { withoutSession } from "@/app/api/_lib/handler";
import { now } from "@/lib/clock";

export const dynamic = "force-dynamic";

export const GET = withoutSession(async () => NextResponse.json({ ok: true, serverTime: now().toISOString() }, { headers: { "Cache-Control": "no-store" } }));

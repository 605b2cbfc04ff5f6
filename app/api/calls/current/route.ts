// GET /api/calls/current - R17.1 the user's ringing or answered call, or null (a page loaded mid-ring shows its banner)
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { currentCall } from "@/lib/calls/call-actions";
import { now } from "@/lib/clock";

export const runtime = "nodejs";

export const GET = withSession(async (_req, { user }) => NextResponse.json({ call: await currentCall(user, now()) }));

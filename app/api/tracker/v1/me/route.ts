// GET /api/tracker/v1/me - the token's owner, the contracts it may track, and the portal's clock
import { NextResponse } from "next/server";
import { withTrackerToken } from "@/app/api/_lib/handler";
import { getTrackerProfile } from "@/lib/tracker-api/get-tracker-profile";
import { now } from "@/lib/clock";

export const GET = withTrackerToken(async (_req, { principal }) => NextResponse.json(await getTrackerProfile(principal, now())));

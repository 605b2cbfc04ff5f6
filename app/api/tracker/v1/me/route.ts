// GET /api/tracker/v1/me - the token's owner and the contracts it may track
import { NextResponse } from "next/server";
import { withTrackerToken } from "@/lib/api/handler";
import { getTrackerProfile } from "@/lib/tracker-api/get-tracker-profile";

export const GET = withTrackerToken(async (_req, { principal }) => NextResponse.json(await getTrackerProfile(principal)));

// GET /api/settings/tracker-tokens - the freelancer's tracker tokens
// POST /api/settings/tracker-tokens - create one (the token is in this response only)
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { listTrackerTokens } from "@/lib/tracker-tokens/list-tracker-tokens";
import { createTrackerToken } from "@/lib/tracker-tokens/create-tracker-token";
import { trackerTokenCreateSchema } from "@/lib/validation/auth";
import { now } from "@/lib/clock";

export const GET = withSession(async (_req, { user }) => NextResponse.json({ tokens: await listTrackerTokens(user) }), {
  roles: ["FREELANCER"],
});

export const POST = withSession(
  async (_req, { user, body }) => {
    const created = await createTrackerToken(user, body.name, now());
    return NextResponse.json({ token: { ...created, createdAt: created.createdAt.toISOString() } }, { status: 201 });
  },
  { roles: ["FREELANCER"], body: trackerTokenCreateSchema },
);

// DELETE /api/settings/tracker-tokens/:id - revoke a tracker token
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { revokeTrackerToken } from "@/lib/tracker-tokens/revoke-tracker-token";
import { now } from "@/lib/clock";

export const DELETE = withSession(
  async (_req, { user, params }) => {
    await revokeTrackerToken(user, params.id, now());
    return new NextResponse(null, { status: 204 });
  },
  { roles: ["FREELANCER"], params: z.object({ id: routeId("No such tracker token.") }) },
);

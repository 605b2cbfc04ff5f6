// DELETE /api/settings/tracker-tokens/:id - revoke a tracker token
import { NextResponse } from "next/server";
import { z } from "zod";
import { withSession } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { revokeTrackerToken } from "@/lib/tracker-tokens/revoke-tracker-token";
import { now } from "@/lib/clock";

export const DELETE = withSession<{ id: string }>(
  async (_req, { user, params }) => {
    const id = z.uuid().safeParse(params.id);
    if (!id.success) throw notFound("No such tracker token.");
    await revokeTrackerToken(user, id.data, now());
    return new NextResponse(null, { status: 204 });
  },
  { roles: ["FREELANCER"] },
);

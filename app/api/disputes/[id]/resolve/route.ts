// POST /api/disputes/:id/resolve - admin review: refunds exactly the disputed segments that fail Hourly Protection (R7.3)
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { resolveDispute } from "@/lib/disputes/resolve-dispute";
import { now } from "@/lib/clock";

export const POST = withSession(
  async (_req, { user, params }) => NextResponse.json({ dispute: await resolveDispute(user, params.id, now()) }),
  { roles: ["ADMIN"], params: z.object({ id: routeId("No such dispute.") }) },
);

// POST /api/disputes/:id/respond - the freelancer accepts (refund) or declines (admin review) within 3 days (R7.3)
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { respondToDispute } from "@/lib/disputes/resolve-dispute";
import { respondDisputeSchema } from "@/lib/validation/money";
import { now } from "@/lib/clock";

export const POST = withSession(
  async (_req, { user, params, body }) => NextResponse.json({ dispute: await respondToDispute(user, params.id, body.answer, now()) }),
  { roles: ["FREELANCER"], params: z.object({ id: routeId("No such dispute.") }), body: respondDisputeSchema },
);

// GET /api/disputes/:id - a dispute with each segment's Hourly Protection verdict, for its client, its freelancer or an admin
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { notFound } from "@/lib/errors";
import { getDispute } from "@/lib/disputes/get-dispute";
import { now } from "@/lib/clock";

export const GET = withSession(
  async (_req, { user, params }) => {
    const dispute = await getDispute(user, params.id, now());
    if (!dispute) throw notFound("No such dispute.");
    return NextResponse.json({ dispute });
  },
  { params: z.object({ id: routeId("No such dispute.") }) },
);

// POST /api/disputes/:id/withdraw - the client withdraws the dispute; the segments are paid as usual (R7.4)
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { withdrawDispute } from "@/lib/disputes/resolve-dispute";
import { now } from "@/lib/clock";

export const POST = withSession(
  async (_req, { user, params }) => NextResponse.json({ dispute: await withdrawDispute(user, params.id, now()) }),
  { roles: ["CLIENT"], params: z.object({ id: routeId("No such dispute.") }) },
);

// POST /api/diary/:contractId/manual-time - the freelancer adds manual time to empty slots (R3)
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { addManualTime } from "@/lib/diary/add-manual-time";
import { manualTimeSchema } from "@/lib/validation/diary";
import { now } from "@/lib/clock";

// Choice: no role filter here: someone not on the contract gets 404 like everywhere else, and a
// client or admin on it 403, from the service.
export const POST = withSession(
  async (_req, { user, params, body }) => NextResponse.json(await addManualTime(user, params.contractId, body, now()), { status: 201 }),
  { params: z.object({ contractId: routeId("No such contract.") }), body: manualTimeSchema },
);

// DELETE /api/diary/:contractId/segments - the freelancer deletes selected segments (editable weeks only, R1.3)
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { deleteDiarySegments } from "@/lib/diary/delete-segments";
import { deleteSegmentsSchema } from "@/lib/validation/diary";
import { now } from "@/lib/clock";

// Choice: no role filter here: someone not on the contract gets 404 like everywhere else, and a
// client or admin on it 403, from the service.
export const DELETE = withSession(
  async (_req, { user, params, body }) => NextResponse.json(await deleteDiarySegments(user, params.contractId, body.segmentIds, now())),
  { params: z.object({ contractId: routeId("No such contract.") }), body: deleteSegmentsSchema },
);

// DELETE /api/tracker/v1/segments/:segmentId - delete one of the owner's segments in an editable week
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withTrackerToken } from "@/app/api/_lib/handler";
import { deleteSegment } from "@/lib/ingest/delete-segment";
import { now } from "@/lib/clock";

export const DELETE = withTrackerToken(
  async (_req, { principal, params }) => {
    await deleteSegment(principal, params.segmentId, now());
    return new NextResponse(null, { status: 204 });
  },
  { params: z.object({ segmentId: routeId("No such segment.") }) },
);

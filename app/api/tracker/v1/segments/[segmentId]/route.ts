// DELETE /api/tracker/v1/segments/:segmentId - delete one of the owner's segments in an editable week
import { NextResponse } from "next/server";
import { withTrackerToken } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { deleteSegment } from "@/lib/ingest/delete-segment";
import { answeringRejections } from "@/lib/tracker-api/respond";
import { segmentIdParamSchema } from "@/lib/validation/tracker";
import { now } from "@/lib/clock";

export const DELETE = withTrackerToken<{ segmentId: string }>((_req, { principal, params }) =>
  answeringRejections(async () => {
    const id = segmentIdParamSchema.safeParse(params.segmentId);
    if (!id.success) throw notFound("No such segment.");
    await deleteSegment(principal, id.data, now());
    return new NextResponse(null, { status: 204 });
  }),
);

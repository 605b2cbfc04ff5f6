// DELETE /api/diary/:contractId/segments - the freelancer deletes selected segments (editable weeks only, R1.3)
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { deleteDiarySegments } from "@/lib/diary/delete-segments";
import { contractIdSchema, deleteSegmentsSchema } from "@/lib/validation/diary";
import { now } from "@/lib/clock";

// Choice: no role filter here: someone not on the contract gets 404 like everywhere else, and a
// client or admin on it 403, from the service.
export const DELETE = withSession<{ contractId: string }>(async (req, { user, params }) => {
  const contractId = contractIdSchema.safeParse(params.contractId);
  if (!contractId.success) throw notFound("No such contract.");
  const input = deleteSegmentsSchema.parse(await req.json().catch(() => ({})));
  return NextResponse.json(await deleteDiarySegments(user, contractId.data, input.segmentIds, now()));
});

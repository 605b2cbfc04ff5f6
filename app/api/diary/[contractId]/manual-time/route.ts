// POST /api/diary/:contractId/manual-time - the freelancer adds manual time to empty slots (R3)
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { addManualTime } from "@/lib/diary/add-manual-time";
import { contractIdSchema, manualTimeSchema } from "@/lib/validation/diary";
import { now } from "@/lib/clock";

// Choice: no role filter here: someone not on the contract gets 404 like everywhere else, and a
// client or admin on it 403, from the service.
export const POST = withSession<{ contractId: string }>(async (req, { user, params }) => {
  const contractId = contractIdSchema.safeParse(params.contractId);
  if (!contractId.success) throw notFound("No such contract.");
  const input = manualTimeSchema.parse(await req.json().catch(() => ({})));
  return NextResponse.json(await addManualTime(user, contractId.data, input, now()), { status: 201 });
});

// POST /api/disputes/:id/respond - the freelancer accepts (refund) or declines (admin review) within 3 days (R7.3)
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { respondToDispute } from "@/lib/disputes/resolve-dispute";
import { respondDisputeSchema, uuidParam } from "@/lib/validation/money";
import { now } from "@/lib/clock";

export const POST = withSession<{ id: string }>(
  async (req, { user, params }) => {
    const id = uuidParam.safeParse(params.id);
    if (!id.success) throw notFound("No such dispute.");
    const { answer } = respondDisputeSchema.parse(await req.json().catch(() => ({})));
    return NextResponse.json({ dispute: await respondToDispute(user, id.data, answer, now()) });
  },
  { roles: ["FREELANCER"] },
);

// POST /api/disputes/:id/resolve - admin review: refunds exactly the disputed segments that fail Hourly Protection (R7.3)
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { resolveDispute } from "@/lib/disputes/resolve-dispute";
import { uuidParam } from "@/lib/validation/money";
import { now } from "@/lib/clock";

export const POST = withSession<{ id: string }>(
  async (_req, { user, params }) => {
    const id = uuidParam.safeParse(params.id);
    if (!id.success) throw notFound("No such dispute.");
    return NextResponse.json({ dispute: await resolveDispute(user, id.data, now()) });
  },
  { roles: ["ADMIN"] },
);

// POST /api/disputes/:id/withdraw - the client withdraws the dispute; the segments are paid as usual (R7.4)
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { withdrawDispute } from "@/lib/disputes/resolve-dispute";
import { uuidParam } from "@/lib/validation/money";
import { now } from "@/lib/clock";

export const POST = withSession<{ id: string }>(
  async (_req, { user, params }) => {
    const id = uuidParam.safeParse(params.id);
    if (!id.success) throw notFound("No such dispute.");
    return NextResponse.json({ dispute: await withdrawDispute(user, id.data, now()) });
  },
  { roles: ["CLIENT"] },
);

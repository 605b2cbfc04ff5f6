// GET /api/withdrawals/:id - one of the freelancer's withdrawals
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { notFound } from "@/lib/errors";
import { getWithdrawal } from "@/lib/payouts/list-withdrawals";

export const GET = withSession(
  async (_req, { user, params }) => {
    const withdrawal = await getWithdrawal(user, params.id);
    if (!withdrawal) throw notFound("No such withdrawal.");
    return NextResponse.json({ withdrawal });
  },
  { roles: ["FREELANCER"], params: z.object({ id: routeId("No such withdrawal.") }) },
);

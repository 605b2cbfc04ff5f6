// GET /api/withdrawals/:id - one of the freelancer's withdrawals
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { getWithdrawal } from "@/lib/payouts/list-withdrawals";
import { uuidParam } from "@/lib/validation/money";

export const GET = withSession<{ id: string }>(
  async (_req, { user, params }) => {
    const id = uuidParam.safeParse(params.id);
    const withdrawal = id.success ? await getWithdrawal(user, id.data) : null;
    if (!withdrawal) throw notFound("No such withdrawal.");
    return NextResponse.json({ withdrawal });
  },
  { roles: ["FREELANCER"] },
);

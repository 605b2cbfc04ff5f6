// GET /api/withdrawals - the freelancer's withdrawals, newest first
// POST /api/withdrawals - withdraw from the available balance (Idempotency-Key header: a retry returns the same withdrawal)
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { withdraw } from "@/lib/ledger/withdraw";
import { listWithdrawals } from "@/lib/payouts/list-withdrawals";
import { withdrawSchema } from "@/lib/validation/money";
import { now } from "@/lib/clock";

export const GET = withSession(async (_req, { user }) => NextResponse.json({ withdrawals: await listWithdrawals(user) }), { roles: ["FREELANCER"] });

export const POST = withSession(
  async (req, { user }) => {
    const body = (await req.json().catch(() => ({}))) as Record<string, unknown>;
    const input = withdrawSchema.parse({ ...body, idempotencyKey: req.headers.get("idempotency-key") ?? body.idempotencyKey });
    const { withdrawal, replayed } = await withdraw(user, input, now());
    return NextResponse.json({ withdrawal, replayed }, { status: replayed ? 200 : 201 });
  },
  { roles: ["FREELANCER"] },
);

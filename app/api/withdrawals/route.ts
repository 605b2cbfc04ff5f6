// GET /api/withdrawals - the freelancer's withdrawals, newest first
// POST /api/withdrawals - withdraw from the available balance: { amountCents, methodId, password } with an
//   Idempotency-Key header (a retry returns the same withdrawal, 200); the password again confirms it (R10.2)
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { withdraw } from "@/lib/ledger/withdraw";
import { confirmPassword } from "@/lib/payouts/confirm-password";
import { listWithdrawals } from "@/lib/payouts/list-withdrawals";
import { withdrawSchema } from "@/lib/validation/payouts";
import { now } from "@/lib/clock";

export const GET = withSession(async (_req, { user }) => NextResponse.json({ withdrawals: await listWithdrawals(user) }), { roles: ["FREELANCER"] });

export const POST = withSession(
  async (req, { user }) => {
    const body = (await req.json().catch(() => ({}))) as Record<string, unknown>;
    const { password, ...input } = withdrawSchema.parse({ ...body, idempotencyKey: req.headers.get("idempotency-key") ?? body.idempotencyKey });
    const at = now();
    // Choice: a retry (same key) must give the password too: a replayed request is still a request to move money.
    await confirmPassword(user, password, at);
    const { withdrawal, replayed } = await withdraw(user, input, at);
    return NextResponse.json({ withdrawal, replayed }, { status: replayed ? 200 : 201 });
  },
  { roles: ["FREELANCER"] },
);

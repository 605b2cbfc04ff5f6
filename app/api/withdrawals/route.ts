// GET /api/withdrawals - the freelancer's withdrawals, newest first
// POST /api/withdrawals - withdraw from the available balance: { amountCents, methodId, password } with an
//   Idempotency-Key header (a retry returns the same withdrawal, 200); the password again confirms it (R10.2),
//   and { code } too when two-step verification is on (R16.3)
import { NextResponse } from "next/server";
import { withIdempotencyKey, withSession } from "@/app/api/_lib/handler";
import { withdraw } from "@/lib/payouts/withdraw";
import { confirmPassword } from "@/lib/payouts/confirm-password";
import { confirmSecondFactor } from "@/lib/auth/second-factor";
import { listWithdrawals } from "@/lib/payouts/list-withdrawals";
import { withdrawSchema } from "@/lib/validation/payouts";
import { now } from "@/lib/clock";

export const GET = withSession(async (_req, { user }) => NextResponse.json({ withdrawals: await listWithdrawals(user) }), { roles: ["FREELANCER"] });

const withdrawBody = withIdempotencyKey(withdrawSchema);

export const POST = withSession(
  async (_req, { user, body }) => {
    const { password, code, ...input } = body;
    const at = now();
    // Choice: a retry (same key) must give the password too: a replayed request is still a request to move money.
    await confirmPassword(user, password, at);
    // R16.3 and a code when two-step verification is on (401 second_factor_required without one).
    // Choice: a retry needs a fresh code as well; a code works once.
    await confirmSecondFactor(user.id, code);
    const { withdrawal, replayed } = await withdraw(user, input, at);
    return NextResponse.json({ withdrawal, replayed }, { status: replayed ? 200 : 201 });
  },
  { roles: ["FREELANCER"], body: withdrawBody },
);

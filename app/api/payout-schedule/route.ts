// GET /api/payout-schedule - the freelancer's payout schedule (null when none), its next payout day and amount
// PUT /api/payout-schedule - set it: { frequency, thresholdCents? } (R10.3, default threshold $100)
// DELETE /api/payout-schedule - stop scheduled payouts
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { clearPayoutSchedule, getPayoutSchedule, setPayoutSchedule } from "@/lib/payouts/payout-schedule";
import { payoutScheduleSchema } from "@/lib/validation/payouts";
import { now } from "@/lib/clock";

const freelancers = { roles: ["FREELANCER"] } as const;

export const GET = withSession(async (_req, { user }) => NextResponse.json({ schedule: await getPayoutSchedule(user, now()) }), freelancers);

export const PUT = withSession(
  async (_req, { user, body }) => NextResponse.json({ schedule: await setPayoutSchedule(user, body, now()) }),
  { ...freelancers, body: payoutScheduleSchema },
);

export const DELETE = withSession(async (_req, { user }) => {
  await clearPayoutSchedule(user);
  return new NextResponse(null, { status: 204 });
}, freelancers);

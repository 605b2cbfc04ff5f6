// GET /api/account/second-factor - whether two-step verification is on, recovery codes left (R16.3)
// POST /api/account/second-factor - { code }: the first code from the app turns it on; answers the 10 recovery codes, once
// DELETE /api/account/second-factor - { code }: turns it off (admins: 403, it is required for them)
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { confirmEnrolment, secondFactorStatus, turnOffSecondFactor } from "@/lib/auth/second-factor-enrolment";
import { optionalSecondFactorCodeSchema, secondFactorCodeSchema } from "@/lib/validation/second-factor";
import { now } from "@/lib/clock";

export const GET = withSession(async (_req, { user }) => NextResponse.json(await secondFactorStatus(user)));

export const POST = withSession(async (_req, { user, body }) => NextResponse.json(await confirmEnrolment(user.id, body.code, now())), {
  body: secondFactorCodeSchema,
});

export const DELETE = withSession(
  async (_req, { user, body }) => {
    await turnOffSecondFactor(user, body.code, now());
    return new NextResponse(null, { status: 204 });
  },
  { body: optionalSecondFactorCodeSchema },
);

// POST /api/account/second-factor/recovery-codes - { code }: 10 new recovery codes, shown once; the old ones stop working (R16.3)
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { regenerateRecoveryCodes } from "@/lib/auth/second-factor-enrolment";
import { optionalSecondFactorCodeSchema } from "@/lib/validation/second-factor";
import { now } from "@/lib/clock";

export const POST = withSession(async (_req, { user, body }) => NextResponse.json(await regenerateRecoveryCodes(user.id, body.code, now())), {
  body: optionalSecondFactorCodeSchema,
});

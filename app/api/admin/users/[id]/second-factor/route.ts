// DELETE /api/admin/users/:id/second-factor - { code }: an admin resets a locked-out user's two-step
// verification (R16.3): off, recovery codes deleted, signed out everywhere, mailed, audited. The code is the admin's own.
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { resetSecondFactor } from "@/lib/auth/second-factor-reset";
import { optionalSecondFactorCodeSchema } from "@/lib/validation/second-factor";
import { now } from "@/lib/clock";

export const DELETE = withSession(
  async (_req, { user, params, body }) => {
    await resetSecondFactor(user, params.id, body.code, now());
    return new NextResponse(null, { status: 204 });
  },
  { roles: ["ADMIN"], params: z.object({ id: routeId("No such user.") }), body: optionalSecondFactorCodeSchema },
);

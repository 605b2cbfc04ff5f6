// PATCH /api/payout-methods/:id - make it the default method ({ "isDefault": true })
// DELETE /api/payout-methods/:id - remove it
// Both ask { code } when two-step verification is on (R16.3).
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { removePayoutMethod, setDefaultPayoutMethod } from "@/lib/payouts/payout-methods";
import { updatePayoutMethodSchema } from "@/lib/validation/payouts";
import { now } from "@/lib/clock";
import { confirmSecondFactor } from "@/lib/auth/second-factor";
import { optionalSecondFactorCodeSchema } from "@/lib/validation/second-factor";

const params = z.object({ id: routeId("No such payout method.") });

// The body can only say { "isDefault": true }: checked, then the method becomes the default.
export const PATCH = withSession(
  async (_req, { user, params, body }) => {
    await confirmSecondFactor(user.id, body.code); // R16.3
    return NextResponse.json({ methods: await setDefaultPayoutMethod(user, params.id) });
  },
  { roles: ["FREELANCER"], params, body: updatePayoutMethodSchema },
);

export const DELETE = withSession(
  async (_req, { user, params, body }) => {
    await confirmSecondFactor(user.id, body.code); // R16.3
    await removePayoutMethod(user, params.id, now());
    return new NextResponse(null, { status: 204 });
  },
  { roles: ["FREELANCER"], params, body: optionalSecondFactorCodeSchema },
);

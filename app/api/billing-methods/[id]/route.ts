// PATCH /api/billing-methods/:id - make a verified method the default ({ "isDefault": true })
// DELETE /api/billing-methods/:id - remove it (refused for the only verified method while a charge is unpaid)
// Both ask { code } when two-step verification is on (R16.3).
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { removeBillingMethod, setDefaultBillingMethod } from "@/lib/client-billing/methods";
import { updateBillingMethodSchema } from "@/lib/validation/billing-methods";
import { optionalSecondFactorCodeSchema } from "@/lib/validation/second-factor";
import { now } from "@/lib/clock";

const params = z.object({ id: routeId("No such billing method.") });

export const PATCH = withSession(
  async (_req, { user, params, body }) => NextResponse.json({ methods: await setDefaultBillingMethod(user, params.id, body.code) }),
  { roles: ["CLIENT"], params, body: updateBillingMethodSchema },
);

export const DELETE = withSession(
  async (_req, { user, params, body }) => {
    await removeBillingMethod(user, params.id, body.code, now());
    return new NextResponse(null, { status: 204 });
  },
  { roles: ["CLIENT"], params, body: optionalSecondFactorCodeSchema },
);

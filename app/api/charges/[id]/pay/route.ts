// POST /api/charges/:id/pay - the client pays a failed charge now, on the default billing method (R14.3);
//   { code } when two-step verification is on (R16.3). 422 when already paid or written off, 409 while an attempt is in flight.
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { payChargeNow } from "@/lib/client-billing/charge-views";
import { payChargeSchema } from "@/lib/validation/charges";
import { now } from "@/lib/clock";

export const POST = withSession(
  async (_req, { user, params, body }) => NextResponse.json({ charge: await payChargeNow(user, params.id, now(), body.code) }),
  { roles: ["CLIENT"], params: z.object({ id: routeId("No such charge.") }), body: payChargeSchema },
);

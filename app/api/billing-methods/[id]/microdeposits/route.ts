// POST /api/billing-methods/:id/microdeposits - the two micro-deposit amounts in cents,
// { "amounts": [32, 45] }: at most 3 attempts, then the account is FAILED (R14.1)
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { confirmMicrodeposits } from "@/lib/client-billing/methods";
import { microdepositsSchema } from "@/lib/validation/billing-methods";
import { now } from "@/lib/clock";

const params = z.object({ id: routeId("No such billing method.") });

export const POST = withSession(
  async (_req, { user, params, body }) => NextResponse.json({ method: await confirmMicrodeposits(user, params.id, body.amounts, now()) }),
  { roles: ["CLIENT"], params, body: microdepositsSchema },
);

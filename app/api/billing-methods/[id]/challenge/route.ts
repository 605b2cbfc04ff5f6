// POST /api/billing-methods/:id/challenge - the step-up challenge's answer, as the sandbox's challenge
// page (like Stripe's 3-D Secure test page) reports it: { "outcome": "complete" | "fail" } (R14.1)
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { completeChallenge } from "@/lib/client-billing/methods";
import { challengeSchema } from "@/lib/validation/billing-methods";
import { now } from "@/lib/clock";

const params = z.object({ id: routeId("No such billing method.") });

export const POST = withSession(
  async (_req, { user, params, body }) => NextResponse.json({ method: await completeChallenge(user, params.id, body.outcome, now()) }),
  { roles: ["CLIENT"], params, body: challengeSchema },
);

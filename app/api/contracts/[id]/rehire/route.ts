// POST /api/contracts/:id/rehire - end the contract and offer a new one with new terms, in one step
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { rehire } from "@/lib/contracts/rehire";
import { rehireSchema } from "@/lib/validation/contracts";
import { now } from "@/lib/clock";

export const POST = withSession(
  async (_req, { user, params, body }) => NextResponse.json(await rehire(user, params.id, body, now()), { status: 201 }),
  { roles: ["CLIENT", "ADMIN"], params: z.object({ id: routeId("No such contract.") }), body: rehireSchema },
);

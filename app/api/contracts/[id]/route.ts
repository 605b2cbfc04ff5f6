// GET /api/contracts/:id - one contract with its terms and history
// PATCH /api/contracts/:id - change the weekly limit or manual time (client, admin)
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { getContract } from "@/lib/contracts/get-contract";
import { changeTerms } from "@/lib/contracts/change-terms";
import { changeTermsSchema } from "@/lib/validation/contracts";
import { now } from "@/lib/clock";

const params = z.object({ id: routeId("No such contract.") });

export const GET = withSession(async (_req, { user, params }) => NextResponse.json(await getContract(user, params.id, now())), { params });

export const PATCH = withSession(
  async (_req, { user, params, body }) => {
    const at = now();
    await changeTerms(user, params.id, body, at);
    return NextResponse.json(await getContract(user, params.id, at));
  },
  { params, body: changeTermsSchema },
);

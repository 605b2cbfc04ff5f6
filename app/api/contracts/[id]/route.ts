// GET /api/contracts/:id - one contract with its terms and history
// PATCH /api/contracts/:id - change the weekly limit or manual time (client, admin)
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { getContract } from "@/lib/contracts/get-contract";
import { changeTerms } from "@/lib/contracts/change-terms";
import { changeTermsSchema } from "@/lib/validation/contracts";
import { now } from "@/lib/clock";

export const GET = withSession<{ id: string }>(async (_req, { user, params }) => NextResponse.json(await getContract(user, params.id, now())));

export const PATCH = withSession<{ id: string }>(async (req, { user, params }) => {
  const input = changeTermsSchema.parse(await req.json().catch(() => ({})));
  const at = now();
  await changeTerms(user, params.id, input, at);
  return NextResponse.json(await getContract(user, params.id, at));
});

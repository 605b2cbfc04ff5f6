// GET /api/payout-methods - the freelancer's payout methods
// POST /api/payout-methods - add one: { kind, label?, accountHolder, ...the kind's account fields } (usable 3 days
//   later, R10.1; the first becomes the default); the full number goes to the provider, only its last 4 are kept
import { NextResponse } from "next/server";
import { parseBody, withSession } from "@/app/api/_lib/handler";
import { listPayoutMethods } from "@/lib/payouts/list-payout-methods";
import { addPayoutMethod } from "@/lib/payouts/payout-methods";
import { addPayoutMethodSchema } from "@/lib/validation/payouts";
import { now } from "@/lib/clock";

export const GET = withSession(async (_req, { user }) => NextResponse.json({ methods: await listPayoutMethods(user) }), { roles: ["FREELANCER"] });

export const POST = withSession(
  async (req, { user }) => {
    const at = now();
    const input = await parseBody(req, addPayoutMethodSchema(at)); // card expiry is checked against the clock
    return NextResponse.json({ method: await addPayoutMethod(user, input, at) }, { status: 201 });
  },
  { roles: ["FREELANCER"] },
);

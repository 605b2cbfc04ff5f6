// GET /api/payout-methods - the freelancer's payout methods
// POST /api/payout-methods - add one: { kind, label?, accountHolder, ...the kind's account fields } (usable 3 days
//   later, R10.1; the first becomes the default); the full number goes to the provider, only its last 4 are kept;
//   with two-step verification on, { code } as well (R16.3)
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/app/api/_lib/handler";
import { confirmSecondFactor } from "@/lib/auth/second-factor";
import { optionalSecondFactorCodeSchema } from "@/lib/validation/second-factor";
import { listPayoutMethods } from "@/lib/payouts/list-payout-methods";
import { addPayoutMethod } from "@/lib/payouts/payout-methods";
import { addPayoutMethodSchema } from "@/lib/validation/payouts";
import { now } from "@/lib/clock";

export const GET = withSession(async (_req, { user }) => NextResponse.json({ methods: await listPayoutMethods(user) }), { roles: ["FREELANCER"] });

export const POST = withSession(
  async (req, { user }) => {
    const at = now();
    const raw = await readJson(req);
    const input = addPayoutMethodSchema(at).parse(raw); // card expiry is checked against the clock
    // R16.3 a code when two-step verification is on, asked once the method itself is valid
    await confirmSecondFactor(user.id, optionalSecondFactorCodeSchema.parse(raw).code);
    return NextResponse.json({ method: await addPayoutMethod(user, input, at) }, { status: 201 });
  },
  { roles: ["FREELANCER"] },
);

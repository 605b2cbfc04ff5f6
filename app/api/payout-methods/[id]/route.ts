// PATCH /api/payout-methods/:id - make it the default method ({ "isDefault": true })
// DELETE /api/payout-methods/:id - remove it
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { removePayoutMethod, setDefaultPayoutMethod } from "@/lib/payouts/payout-methods";
import { uuidParam } from "@/lib/validation/money";
import { updatePayoutMethodSchema } from "@/lib/validation/payouts";
import { now } from "@/lib/clock";

function methodId(raw: string): string {
  const id = uuidParam.safeParse(raw);
  if (!id.success) throw notFound("No such payout method.");
  return id.data;
}

export const PATCH = withSession<{ id: string }>(
  async (req, { user, params }) => {
    const id = methodId(params.id);
    updatePayoutMethodSchema.parse(await req.json().catch(() => ({})));
    return NextResponse.json({ methods: await setDefaultPayoutMethod(user, id) });
  },
  { roles: ["FREELANCER"] },
);

export const DELETE = withSession<{ id: string }>(
  async (_req, { user, params }) => {
    await removePayoutMethod(user, methodId(params.id), now());
    return new NextResponse(null, { status: 204 });
  },
  { roles: ["FREELANCER"] },
);

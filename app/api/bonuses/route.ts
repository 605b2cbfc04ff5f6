// GET /api/bonuses - bonuses on the caller's contracts (?contractId= for one)
// POST /api/bonuses - the client pays a bonus (Idempotency-Key header: a retry returns the same bonus)
import { NextResponse } from "next/server";
import { withIdempotencyKey, withSession } from "@/app/api/_lib/handler";
import { listBonuses } from "@/lib/bonuses/list-bonuses";
import { payBonus } from "@/lib/bonuses/pay-bonus";
import { listBonusesQuery, payBonusSchema } from "@/lib/validation/money";
import { now } from "@/lib/clock";

const payBonusBody = withIdempotencyKey(payBonusSchema);

export const GET = withSession(
  async (req, { user }) => {
    const q = listBonusesQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
    return NextResponse.json({ bonuses: await listBonuses(user, q) });
  },
  { roles: ["CLIENT", "FREELANCER"] },
);

export const POST = withSession(
  async (_req, { user, body }) => {
    const { bonus, replayed } = await payBonus(user, body, now());
    return NextResponse.json({ bonus, replayed }, { status: replayed ? 200 : 201 });
  },
  { roles: ["CLIENT"], body: payBonusBody },
);

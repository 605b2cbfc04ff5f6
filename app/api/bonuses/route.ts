// GET /api/bonuses - bonuses on the caller's contracts (?contractId= for one)
// POST /api/bonuses - the client pays a bonus (Idempotency-Key header: a retry returns the same bonus)
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { listBonuses } from "@/lib/bonuses/list-bonuses";
import { payBonus } from "@/lib/bonuses/pay-bonus";
import { listBonusesQuery, payBonusSchema } from "@/lib/validation/money";
import { now } from "@/lib/clock";

export const GET = withSession(
  async (req, { user }) => {
    const q = listBonusesQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
    return NextResponse.json({ bonuses: await listBonuses(user, q) });
  },
  { roles: ["CLIENT", "FREELANCER"] },
);

export const POST = withSession(
  async (req, { user }) => {
    const body = (await req.json().catch(() => ({}))) as Record<string, unknown>;
    const input = payBonusSchema.parse({ ...body, idempotencyKey: req.headers.get("idempotency-key") ?? body.idempotencyKey });
    const { bonus, replayed } = await payBonus(user, input, now());
    return NextResponse.json({ bonus, replayed }, { status: replayed ? 200 : 201 });
  },
  { roles: ["CLIENT"] },
);

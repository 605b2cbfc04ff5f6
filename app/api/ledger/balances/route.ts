// GET /api/ledger/balances - the caller's balances as they stand now (in review, pending, available, held, paid out; charged)
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { getBalances } from "@/lib/ledger/balances";
import { now } from "@/lib/clock";

export const GET = withSession(async (_req, { user }) => NextResponse.json({ balances: await getBalances(user, now()) }));

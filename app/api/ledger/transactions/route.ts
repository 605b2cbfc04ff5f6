// GET /api/ledger/transactions - one page of the caller's Transaction History (R12): lines newest first with their running balance; filters from, to, type, contract; keyset `cursor`
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { listTransactions } from "@/lib/reports/list-transactions";
import { historyQuery, searchParamsObject } from "@/lib/validation/reports";
import { now } from "@/lib/clock";

export const GET = withSession(async (req, { user }) => {
  const q = historyQuery.parse(searchParamsObject(req.nextUrl.searchParams));
  return NextResponse.json(await listTransactions(user, q, now()));
});

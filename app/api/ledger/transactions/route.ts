// GET /api/ledger/transactions - the caller's ledger lines (default: last 30 days), filtered by from, to, type, contractId
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { listTransactions } from "@/lib/ledger/list-transactions";
import { transactionsQuery } from "@/lib/validation/money";
import { now } from "@/lib/clock";

export const GET = withSession(async (req, { user }) => {
  const q = transactionsQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  const lines = await listTransactions(
    user,
    { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, type: q.type, contractId: q.contractId, limit: q.limit },
    now(),
  );
  return NextResponse.json({ transactions: lines });
});

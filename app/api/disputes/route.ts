// GET /api/disputes - the caller's disputes (admins: all; ?filter=queue for those awaiting admin review, ?contractId= for one contract)
// POST /api/disputes - the client disputes billed segments of an invoiced week, during its review window (R7.1)
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { fileDispute } from "@/lib/disputes/file-dispute";
import { listDisputes } from "@/lib/disputes/list-disputes";
import { fileDisputeSchema } from "@/lib/validation/money";
import { listDisputesQuery } from "@/lib/validation/disputes";
import { now } from "@/lib/clock";

export const GET = withSession(async (req, { user }) => {
  const query = listDisputesQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  return NextResponse.json({ disputes: await listDisputes(user, query, now()) });
});

export const POST = withSession(
  async (_req, { user, body }) => NextResponse.json({ dispute: await fileDispute(user, body, now()) }, { status: 201 }),
  { roles: ["CLIENT"], body: fileDisputeSchema },
);

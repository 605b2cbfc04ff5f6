// GET /api/charges - the client's charges, newest first, with their invoices and attempts (R14.3); ?cursor= for the next page
import { NextResponse } from "next/server";
import { withSession } from "@/app/api/_lib/handler";
import { listCharges } from "@/lib/client-billing/charge-views";
import { listChargesQuery } from "@/lib/validation/charges";

export const GET = withSession(
  async (req, { user }) => {
    const q = listChargesQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
    return NextResponse.json({ charges: await listCharges(user, q) });
  },
  { roles: ["CLIENT"] },
);

// GET /api/ledger/transfers/:referenceId - one transfer by its reference ID, with the caller's own entries
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { getTransfer } from "@/lib/ledger/list-transactions";
import { referenceIdParams } from "@/lib/validation/text";

export const GET = withSession<{ referenceId: string }>(async (_req, { user, params }) => {
  const { referenceId } = referenceIdParams.parse(params);
  const transfer = referenceId.length <= 80 ? await getTransfer(user, referenceId) : null;
  if (!transfer) throw notFound("No such transaction.");
  return NextResponse.json({ transfer });
});

// GET /api/ledger/transfers/:referenceId - one transfer by its reference ID, with the caller's own entries
import { NextResponse } from "next/server";
import { z } from "zod";
import { withSession } from "@/app/api/_lib/handler";
import { notFound } from "@/lib/errors";
import { getTransfer } from "@/lib/reports/list-transactions";
import { referenceIdParams } from "@/lib/validation/text";

// A reference ID is text, not a UUID: one that is not text (a NUL byte) is 422 naming it, as it was;
// one that names nothing (or is too long to) is 404.
export const GET = withSession(async (_req, { user, params }) => {
  const { referenceId } = referenceIdParams.parse(params);
  const transfer = referenceId.length <= 80 ? await getTransfer(user, referenceId) : null;
  if (!transfer) throw notFound("No such transaction.");
  return NextResponse.json({ transfer });
}, { params: z.object({ referenceId: z.string() }) });

// GET /api/disputes/:id - a dispute with each segment's Hourly Protection verdict, for its client, its freelancer or an admin
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { getDispute } from "@/lib/disputes/get-dispute";
import { uuidParam } from "@/lib/validation/money";
import { now } from "@/lib/clock";

export const GET = withSession<{ id: string }>(async (_req, { user, params }) => {
  const id = uuidParam.safeParse(params.id);
  const dispute = id.success ? await getDispute(user, id.data, now()) : null;
  if (!dispute) throw notFound("No such dispute.");
  return NextResponse.json({ dispute });
});

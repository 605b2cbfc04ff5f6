// GET /api/diary/:contractId/days/:day?tz=utc|mine|freelancer - one Work Diary day of a contract, for people on it
import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { loadDiaryDay } from "@/lib/diary/load-diary-day";
import { contractIdSchema, dayQuerySchema, daySchema } from "@/lib/validation/diary";
import { now } from "@/lib/clock";

export const GET = withSession<{ contractId: string; day: string }>(async (req, { user, params }) => {
  const contractId = contractIdSchema.safeParse(params.contractId);
  if (!contractId.success) throw notFound("No such contract.");
  const day = daySchema.parse(params.day);
  const { tz } = dayQuerySchema.parse({ tz: req.nextUrl.searchParams.get("tz") ?? undefined });
  const result = await loadDiaryDay(user, { contractId: contractId.data, day, tz }, now());
  // Choice: never cached: the day changes as trackers post, and it is private.
  return NextResponse.json(result, { headers: { "Cache-Control": "private, no-store" } });
});

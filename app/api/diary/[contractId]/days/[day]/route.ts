// GET /api/diary/:contractId/days/:day?tz=utc|mine|freelancer - one Work Diary day of a contract, for people on it
import { NextResponse } from "next/server";
import { z } from "zod";
import { routeId, withSession } from "@/app/api/_lib/handler";
import { loadDiaryDay } from "@/lib/diary/load-diary-day";
import { dayQuerySchema, daySchema } from "@/lib/validation/diary";
import { now } from "@/lib/clock";

// The day is a value, not an object: a malformed one is 422 naming it, a malformed contract 404.
const params = z.object({ contractId: routeId("No such contract."), day: z.string() });

export const GET = withSession(async (req, { user, params }) => {
  const day = daySchema.parse(params.day);
  const { tz } = dayQuerySchema.parse({ tz: req.nextUrl.searchParams.get("tz") ?? undefined });
  const result = await loadDiaryDay(user, { contractId: params.contractId, day, tz }, now());
  // Choice: never cached: the day changes as trackers post, and it is private.
  return NextResponse.json(result, { headers: { "Cache-Control": "private, no-store" } });
}, { params });

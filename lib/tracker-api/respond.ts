// Tracker routes answer rule rejections as 422 in the one error shape, plus
// `reasons` (see lib/ingest/errors.ts); everything else goes to errorResponse.
import { NextResponse } from "next/server";
import { SegmentRejected } from "@/lib/ingest/errors";

export async function answeringRejections(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SegmentRejected) return NextResponse.json(error.toBody(), { status: 422 });
    throw error;
  }
}

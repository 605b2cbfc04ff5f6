// POST /api/tracker/v1/segments - store one tracked segment with its screenshot
import { NextResponse } from "next/server";
import { withTrackerToken } from "@/app/api/_lib/handler";
import { storeSegment } from "@/lib/ingest/store-segment";
import { readSegmentUpload } from "@/lib/tracker-api/read-segment-upload";
import { now } from "@/lib/clock";
import { withIngestMetrics } from "@/lib/observability/metrics";

export const POST = withIngestMetrics(withTrackerToken(async (req, { principal }) => {
  const upload = await readSegmentUpload(req);
  const { segment, created } = await storeSegment(principal, upload.fields, upload.screenshot, now());
  // Choice: 201 for a new segment, 200 for a resend of the stored one (R2.6), so a client can tell them apart
  return NextResponse.json(segment, { status: created ? 201 : 200 });
}));

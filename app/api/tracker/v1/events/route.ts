// POST /api/tracker/v1/events - { kind: "stopped_idle", at, contractId }: the tracker stopped a contract's
// tracking for inactivity; the freelancer is notified once (R16.4). 201 recorded, 200 a resend.
import { NextResponse } from "next/server";
import { withTrackerToken } from "@/app/api/_lib/handler";
import { recordTrackerEvent } from "@/lib/notifications/tracker-events";
import { now } from "@/lib/clock";
import { trackerEventSchema } from "@/lib/validation/tracker";

export const POST = withTrackerToken(
  async (_req, { principal, body }) => {
    const { created } = await recordTrackerEvent(principal.userId, body, now());
    return NextResponse.json({ recorded: true }, { status: created ? 201 : 200 });
  },
  { body: trackerEventSchema },
);

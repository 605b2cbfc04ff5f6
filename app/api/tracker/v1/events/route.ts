// POST /api/tracker/v1/events - { kind: "stopped_idle", at, contractId }: the tracker stopped a contract's
// tracking for inactivity; the freelancer is notified once (R16.4). 201 recorded, 200 a resend.
import { NextResponse } from "next/server";
import { z } from "zod";
import { withTrackerToken } from "@/app/api/_lib/handler";
import { recordTrackerEvent } from "@/lib/notifications/tracker-events";
import { now } from "@/lib/clock";

const trackerEvent = z.strictObject({
  kind: z.literal("stopped_idle", { error: "Only stopped_idle is known." }),
  at: z.iso.datetime({ offset: true, error: "An ISO instant, e.g. 2024-06-12T10:00:00Z." }).transform((s) => new Date(s)),
  contractId: z.uuid({ error: "A contract id." }),
});

export const POST = withTrackerToken(
  async (_req, { principal, body }) => {
    const { created } = await recordTrackerEvent(principal.userId, body, now());
    return NextResponse.json({ recorded: true }, { status: created ? 201 : 200 });
  },
  { body: trackerEvent },
);

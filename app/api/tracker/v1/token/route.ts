// DELETE /api/tracker/v1/token - sign out: the tracker revokes the token it calls with
// Choice: revoking is the same as Settings > Tracker's Revoke (the row stays, listed as revoked), so the
// freelancer sees which computer signed out and when.
import { NextResponse } from "next/server";
import { withTrackerToken } from "@/app/api/_lib/handler";
import { revokeOwnTrackerToken } from "@/lib/tracker-tokens/revoke-tracker-token";
import { now } from "@/lib/clock";

export const DELETE = withTrackerToken(async (_req, { principal }) => {
  await revokeOwnTrackerToken(principal, now());
  return new NextResponse(null, { status: 204 });
});

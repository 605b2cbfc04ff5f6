import "server-only";
import { db } from "@/lib/db/client";
import type { TrackerPrincipal } from "@/lib/tracker-tokens/authenticate-tracker-token";
import type { TrackerProfile } from "@/lib/validation/tracker";

export type { TrackerProfile };

/** The token's owner, the contracts the tracker may post to (R2.7: active and unpaused, R7.2 included), and the portal's clock. */
export async function getTrackerProfile(principal: TrackerPrincipal, now: Date = new Date()): Promise<TrackerProfile> {
  const user = await db().user.findUniqueOrThrow({
    where: { id: principal.userId },
    select: { id: true, name: true, email: true, timezone: true },
  });
  const rows = await db().contract.findMany({
    where: { freelancerId: principal.userId, status: "ACTIVE", pauses: { none: { endedAt: null } } },
    orderBy: { title: "asc" },
    select: { id: true, title: true, hourlyRateCents: true, manualTimeAllowed: true, client: { select: { name: true } } },
  });
  return {
    user,
    contracts: rows.map(({ client, ...c }) => ({ ...c, clientName: client.name })),
    serverTime: now.toISOString(),
  };
}

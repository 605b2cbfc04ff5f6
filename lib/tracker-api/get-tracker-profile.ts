import "server-only";
import { db } from "@/lib/db/client";
import type { TrackerPrincipal } from "@/lib/tracker-tokens/authenticate-tracker-token";

export interface TrackerProfile {
  user: { id: string; name: string; email: string; timezone: string };
  /** R2.7 the contracts the tracker may post to: the owner's active, unpaused ones */
  contracts: Array<{ id: string; title: string; clientName: string; hourlyRateCents: number; manualTimeAllowed: boolean }>;
}

export async function getTrackerProfile(principal: TrackerPrincipal): Promise<TrackerProfile> {
  const user = await db().user.findUniqueOrThrow({
    where: { id: principal.userId },
    select: { id: true, name: true, email: true, timezone: true },
  });
  const rows = await db().contract.findMany({
    where: { freelancerId: principal.userId, status: "ACTIVE" },
    orderBy: { title: "asc" },
    select: { id: true, title: true, hourlyRateCents: true, manualTimeAllowed: true, client: { select: { name: true } } },
  });
  return {
    user,
    contracts: rows.map(({ client, ...c }) => ({ ...c, clientName: client.name })),
  };
}

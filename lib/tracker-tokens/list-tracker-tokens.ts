import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";

export interface TrackerTokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** made by a device sign-in at /device, rather than created and pasted by hand */
  viaDevice: boolean;
}

export async function listTrackerTokens(user: CurrentUser): Promise<TrackerTokenView[]> {
  const rows = await db().trackerToken.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, include: { deviceAuthorization: { select: { id: true } } } });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    viaDevice: t.deviceAuthorization !== null,
  }));
}

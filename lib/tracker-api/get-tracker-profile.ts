import "server-only";
import { db } from "@/lib/db/client";
import { SLOT_MINUTES, weekEndOf, weekStartOf } from "@/lib/billing";
import { appMode } from "@/lib/config/environment";
import { classifySegments, weekLimitHours } from "@/lib/diary/grid";
import { dayLayout, dayOf } from "@/lib/diary/zone";
import { listConversations } from "@/lib/messages/list-conversations";
import { PORTAL_VERSION } from "@/lib/tracker-build/portal-version";
import type { TrackerPrincipal } from "@/lib/tracker-tokens/authenticate-tracker-token";
import type { TrackerProfile } from "@/lib/validation/tracker";

export type { TrackerProfile };

/**
 * The token's owner, the contracts the tracker may post to (R2.7: active and unpaused, R7.2 included)
 * with this week's limit, time and unread messages, the portal's clock and its version and mode.
 */
export async function getTrackerProfile(principal: TrackerPrincipal, now: Date = new Date()): Promise<TrackerProfile> {
  const user = await db().user.findUniqueOrThrow({
    where: { id: principal.userId },
    select: { id: true, name: true, email: true, timezone: true, role: true },
  });
  const rows = await db().contract.findMany({
    where: { freelancerId: principal.userId, status: "ACTIVE", pauses: { none: { endedAt: null } } },
    orderBy: { title: "asc" },
    select: {
      id: true,
      title: true,
      hourlyRateCents: true,
      manualTimeAllowed: true,
      client: { select: { name: true } },
      limitChanges: { select: { limitMinutes: true, requestedAt: true } },
    },
  });
  const { role, ...profileUser } = user;
  const [minutes, conversations] = await Promise.all([billedMinutes(rows, user.timezone, now), listConversations({ ...profileUser, role })]);
  const conversationOf = new Map(conversations.map((c) => [c.contractId, c]));
  const weekStart = weekStartOf(now);
  return {
    user: profileUser,
    contracts: rows.map(({ client, limitChanges, ...c }) => {
      const conversation = conversationOf.get(c.id);
      return {
        ...c,
        clientName: client.name,
        weeklyLimitHours: weekLimitHours(limitChanges, weekStart),
        minutesToday: minutes.get(c.id)?.today ?? 0,
        minutesThisWeek: minutes.get(c.id)?.week ?? 0,
        unreadMessages: conversation?.unread ?? 0,
        // Choice: the diary opens on today in the freelancer's own zone, the day minutesToday counts.
        diaryPath: `/diary?contract=${c.id}&tz=mine`,
        // Choice: every contract gets its conversation when created; one without falls back to the list.
        messagesPath: conversation ? `/messages/${conversation.id}` : "/messages",
      };
    }),
    serverTime: now.toISOString(),
    // R15.1 the device a segment's signature names, and whether its key is registered
    device: { id: principal.tokenId, keyId: principal.keyId ?? null },
    // Choice: test modes are allowed wherever the portal is not production (development, test, demo),
    // the same line that lets the clock be set (R1.4).
    portal: { version: PORTAL_VERSION, testModes: appMode() !== "production" },
  };
}

type ContractRow = { id: string; limitChanges: { limitMinutes: number | null; requestedAt: Date }[] };

/**
 * Billed minutes per contract, today and this work week (R1.1, Monday 00:00 UTC on).
 * Choice: "billed" as on the invoice: tracked and manual time (R3.3) within the weekly limit (R4.2),
 * deleted segments and over-limit time left out, as Upwork's tracker shows logged time.
 * Choice: "today" is the freelancer's local calendar day (user.timezone), as the tracker's clock reads;
 * a local day can start in the previous work week, whose limit then classifies those slots.
 */
async function billedMinutes(contracts: readonly ContractRow[], timeZone: string, now: Date): Promise<Map<string, { today: number; week: number }>> {
  const result = new Map<string, { today: number; week: number }>();
  if (contracts.length === 0) return result;
  const today = dayLayout(dayOf(now.getTime(), timeZone), timeZone);
  const weekStart = weekStartOf(now).getTime();
  const weekEnd = weekEndOf(weekStartOf(now)).getTime();
  // R4.2 each week is classified from its own start, so read from the start of the earliest week involved.
  const from = Math.min(weekStart, weekStartOf(new Date(today.start)).getTime());
  const to = Math.max(weekEnd, today.end);
  const segments = await db().segment.findMany({
    where: { contractId: { in: contracts.map((c) => c.id) }, deletedAt: null, slotStart: { gte: new Date(from), lt: new Date(to) } },
    orderBy: { slotStart: "asc" },
    select: { contractId: true, slotStart: true, kind: true },
  });
  for (const contract of contracts) {
    const mine = segments.filter((s) => s.contractId === contract.id).map((s) => ({ slotStart: s.slotStart, manual: s.kind === "MANUAL" }));
    const { classes } = classifySegments(mine, contract.limitChanges);
    let todayMinutes = 0;
    let weekMinutes = 0;
    for (const s of mine) {
      const ms = s.slotStart.getTime();
      if (classes.get(ms) === "over_limit") continue;
      if (ms >= today.start && ms < today.end) todayMinutes += SLOT_MINUTES;
      if (ms >= weekStart && ms < weekEnd) weekMinutes += SLOT_MINUTES;
    }
    result.set(contract.id, { today: todayMinutes, week: weekMinutes });
  }
  return result;
}

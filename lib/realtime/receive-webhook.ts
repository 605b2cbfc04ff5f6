import "server-only";
// Realtime webhooks into the portal: the Pusher format our server sends and
// hosted Pusher sends alike, checked by the `pusher` SDK's own webhook helper
// (X-Pusher-Key, X-Pusher-Signature = HMAC-SHA256 of the body with the app
// secret). Presence (online, last seen) is derived from member_added and
// member_removed, so it reads the same whichever server runs.
import { ApiError } from "@/lib/errors";
import { db } from "@/lib/db/client";
import { parseChannel } from "./client/events";
import { pusherServer } from "./publish";

export interface WebhookRequest {
  key: string | null;
  signature: string | null;
  contentType: string | null;
  rawBody: string;
}

interface PresenceChange {
  userId: string;
  channel: string;
  online: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The presence changes in a verified webhook; other events (occupancy, client events) are not ours to keep. */
function presenceChanges(events: unknown): PresenceChange[] {
  if (!Array.isArray(events)) throw new ApiError("bad_request", "A webhook body needs an events array.");
  const changes: PresenceChange[] = [];
  for (const event of events as Array<Record<string, unknown>>) {
    const { name, channel, user_id: userId } = event ?? {};
    if (name !== "member_added" && name !== "member_removed") continue;
    if (typeof channel !== "string" || typeof userId !== "string" || !UUID.test(userId)) continue;
    const target = parseChannel(channel);
    if (target?.kind !== "contract" || !target.presence) continue;
    changes.push({ userId, channel, online: name === "member_added" });
  }
  return changes;
}

/**
 * Verifies one webhook request and applies its presence changes. Throws 401
 * when the signature (or key) is not the app's.
 */
export async function receiveWebhook(request: WebhookRequest): Promise<{ applied: number }> {
  const headers: Record<string, string> = {};
  if (request.key !== null) headers["x-pusher-key"] = request.key;
  if (request.signature !== null) headers["x-pusher-signature"] = request.signature;
  if (request.contentType !== null) headers["content-type"] = request.contentType.split(";")[0]!.trim();
  const hook = pusherServer().webhook({ headers, rawBody: request.rawBody });
  if (!hook.isValid()) throw new ApiError("unauthenticated", "The webhook's signature is not this app's.");
  const sentAt = hook.getTime();
  if (Number.isNaN(sentAt.getTime())) throw new ApiError("bad_request", "A webhook body needs time_ms.");
  const changes = presenceChanges(hook.getEvents());
  let applied = 0;
  // In the order sent: a batch may hold a member's member_added and member_removed.
  for (const change of changes) applied += await recordPresence(change, sentAt);
  return { applied };
}

// Choice: Pusher does not promise that webhooks arrive in order (a retried batch
// can land after a newer one), so a change applies only if it was sent no earlier
// than what is stored; equal times (one batch) apply in the batch's order. Users
// we do not know are skipped, not an error: the sender has nothing to fix.
async function recordPresence(change: PresenceChange, sentAt: Date): Promise<number> {
  return db().$executeRaw`
    INSERT INTO presence_states (user_id, channel, online, last_seen_at)
    SELECT u.id, ${change.channel}, ${change.online}, ${sentAt}
    FROM users u WHERE u.id = ${change.userId}::uuid
    ON CONFLICT (user_id, channel) DO UPDATE SET online = EXCLUDED.online, last_seen_at = EXCLUDED.last_seen_at
    WHERE presence_states.last_seen_at <= EXCLUDED.last_seen_at`;
}

export interface Presence {
  userId: string;
  /** in any conversation right now */
  online: boolean;
  /** the latest join or leave on any conversation; null if never seen */
  lastSeenAt: Date | null;
}

/** Presence of each of `userIds` across their conversations. */
export async function presenceOf(userIds: readonly string[]): Promise<Presence[]> {
  const rows = await db().presenceState.findMany({ where: { userId: { in: [...userIds] } } });
  return userIds.map((userId) => {
    const mine = rows.filter((r) => r.userId === userId);
    const lastSeenAt = mine.reduce<Date | null>((latest, r) => (latest && latest >= r.lastSeenAt ? latest : r.lastSeenAt), null);
    return { userId, online: mine.some((r) => r.online), lastSeenAt };
  });
}

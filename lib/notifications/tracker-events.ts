// R16.4 "tracker stopped for inactivity": the desktop tracker reports that it stopped a contract's
// tracking because nobody touched the keyboard or mouse; the freelancer hears of it (in the portal,
// and by email, so a tracker left on a machine they walked away from does not go unnoticed).
import { db } from "@/lib/db/client";
import { invalid, notFound } from "@/lib/errors";
import { RULES } from "@/lib/config/rules";
import { notify } from "@/lib/realtime/notify";
import { notifyUsers } from "./notify-users";

// Choice: a report older than a day is stale (a tracker that was offline that long stopped long ago); refused.
const MAX_AGE_MS = 24 * 60 * 60_000;

export interface TrackerEventInput {
  kind: "stopped_idle";
  at: Date;
  contractId: string;
}

/** Records the event once (a resend of the same contract and instant is answered `created: false`). */
export async function recordTrackerEvent(userId: string, input: TrackerEventInput, now: Date): Promise<{ created: boolean }> {
  if (input.at.getTime() > now.getTime() + RULES.tracking.clockSkewAllowanceMs) throw invalid("at", "The event is in the future; check the computer's clock.");
  if (input.at.getTime() < now.getTime() - MAX_AGE_MS) throw invalid("at", "The event is more than a day old.");
  const day = input.at.toISOString().slice(0, 10);
  const link = `/diary?contract=${input.contractId}&day=${day}&stopped=${encodeURIComponent(input.at.toISOString())}`;
  const result = await db().$transaction(async (tx) => {
    const contract = await tx.contract.findFirst({ where: { id: input.contractId, freelancerId: userId }, select: { title: true } });
    if (!contract) throw notFound("No such contract for this token's owner.");
    // under the contract's lock, so two resends at once record one notification
    await tx.$queryRaw`SELECT 1 FROM contracts WHERE id = ${input.contractId}::uuid FOR UPDATE`;
    if (await tx.notification.findFirst({ where: { userId, kind: "tracker_stopped_idle", link }, select: { id: true } })) return null;
    const time = input.at.toISOString().slice(11, 16);
    return notifyUsers(tx, {
      kind: "tracker_stopped_idle", userIds: [userId], title: `Tracker stopped: ${contract.title}`,
      body: `Your tracker stopped tracking “${contract.title}” at ${time} UTC on ${day} after a while without keyboard or mouse input. Start it again when you are back.`,
      link,
    });
  });
  if (result === null) return { created: false };
  await notify(result);
  return { created: true };
}

// R16.4 the one way an event reaches people: an in-portal notification and, unless they turned
// that kind off, an email through the outbox, both IN THE CALLER'S TRANSACTION, so a rolled-back
// event announces nothing and a committed one is never lost. The bell learns of it live from
// the events this returns, which the caller publishes with notify() after the commit.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RealtimeEvent } from "@/lib/realtime/client/events";
import { enqueueEmails, type OutgoingEmail } from "@/lib/mail/outbox";
import { renderEmail } from "@/lib/mail/render";
import { portalOrigin } from "@/lib/config/origin";
import { now } from "@/lib/clock";
import type { NotificationKind } from "./kinds";

export interface NotificationInput {
  kind: NotificationKind;
  userIds: readonly string[];
  title: string;
  body: string;
  /** a portal path to the object, e.g. /contracts/<id> */
  link: string;
}

/** The realtime events that tell each notified user's bell to refetch; publish them after commit. */
export type NotificationEvents = RealtimeEvent[];

export async function notifyUsers(tx: Prisma.TransactionClient, input: NotificationInput): Promise<NotificationEvents> {
  return notifyEach(tx, [input]);
}

/**
 * notifyUsers for several events at once, each with its own people and text (e.g. every client whose weekly charge
 * failed at the close), in the statements of one: the people and their switches read once, the notifications and
 * the emails written in one statement each.
 */
export async function notifyEach(tx: Prisma.TransactionClient, inputs: readonly NotificationInput[]): Promise<NotificationEvents> {
  for (const input of inputs) {
    if (!input.link.startsWith("/")) throw new Error(`A notification links to a portal path, got "${input.link}"`);
  }
  const userIds = [...new Set(inputs.flatMap((i) => i.userIds))];
  if (userIds.length === 0) return [];
  const [users, prefs] = await Promise.all([
    // Choice: a suspended user hears nothing new; their account is frozen until an admin lifts it.
    tx.user.findMany({ where: { id: { in: userIds }, suspendedAt: null }, select: { id: true, email: true, emailConfirmedAt: true } }),
    tx.notificationPreference.findMany({ where: { userId: { in: userIds }, kind: { in: [...new Set(inputs.map((i) => i.kind))] } } }),
  ]);
  const pref = new Map(prefs.map((p) => [`${p.userId}:${p.kind}`, p]));
  const at = now();
  const notifications: Prisma.NotificationCreateManyInput[] = [];
  const mails: OutgoingEmail[] = [];
  const events: NotificationEvents = [];
  for (const input of inputs) {
    const mine = new Set(input.userIds);
    const people = users.filter((u) => mine.has(u.id));
    const inApp = people.filter((u) => pref.get(`${u.id}:${input.kind}`)?.inApp ?? true);
    // Choice: email goes only to confirmed addresses (R16.1); an invited person who has not joined gets the invitation, not a second mail.
    const byEmail = people.filter((u) => u.emailConfirmedAt !== null && (pref.get(`${u.id}:${input.kind}`)?.email ?? true));
    notifications.push(...inApp.map((u) => ({ userId: u.id, kind: input.kind, title: input.title, body: input.body, link: input.link, createdAt: at })));
    if (byEmail.length > 0) {
      const mail = renderEmail({
        heading: input.title,
        paragraphs: [input.body],
        action: { label: "Open in Hourglass", url: `${portalOrigin()}${input.link}` },
      });
      mails.push(...byEmail.map((u) => ({ to: u.email, userId: u.id, kind: input.kind, subject: input.title, text: mail.text, html: mail.html })));
    }
    events.push(...inApp.map((u) => ({ event: "notification-created" as const, userId: u.id })));
  }
  if (notifications.length > 0) await tx.notification.createMany({ data: notifications });
  await enqueueEmails(tx, mails);
  return events;
}

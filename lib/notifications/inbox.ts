// R16.4 the notification centre: a user's own notifications, newest first, and marking them read.
// Another user's notification is "not found", never "forbidden" (it reveals nothing).
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { NotificationKind } from "./kinds";

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

// Choice: the centre lists the latest 200; older ones stay in the database and in the email archive.
const LIST_LIMIT = 200;

const view = (n: { id: string; kind: NotificationKind; title: string; body: string; link: string; createdAt: Date; readAt: Date | null }): NotificationView => ({
  id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null,
});

export async function listNotifications(userId: string): Promise<NotificationView[]> {
  const rows = await db().notification.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: LIST_LIMIT });
  return rows.map(view);
}

export async function countUnreadNotifications(userId: string): Promise<number> {
  return db().notification.count({ where: { userId, readAt: null } });
}

/** Marks one of the user's notifications read (or unread again); 404 for anyone else's. */
export async function markNotification(userId: string, id: string, read: boolean, at: Date): Promise<NotificationView> {
  const row = await db().notification.findFirst({ where: { id, userId } });
  if (!row) throw notFound("No such notification.");
  // Choice: marking an already-read one read keeps when it was first read.
  if (read === (row.readAt !== null)) return view(row);
  return view(await db().notification.update({ where: { id }, data: { readAt: read ? at : null } }));
}

/** Marks every unread notification of the user read; returns how many it marked. */
export async function markAllNotificationsRead(userId: string, at: Date): Promise<number> {
  const { count } = await db().notification.updateMany({ where: { userId, readAt: null }, data: { readAt: at } });
  return count;
}

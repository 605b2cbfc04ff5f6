// R16.4 Settings › Notifications: per user and kind, in the portal and by email, separately.
// No row means both on; a row is written the first time a switch moves.
import { db } from "@/lib/db/client";
import { NOTIFICATION_KINDS, type NotificationKind } from "./kinds";

export interface PreferenceView {
  kind: NotificationKind;
  inApp: boolean;
  email: boolean;
}

/** Every kind with its two switches, in the settings page's order. */
export async function listPreferences(userId: string): Promise<PreferenceView[]> {
  const rows = await db().notificationPreference.findMany({ where: { userId } });
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return NOTIFICATION_KINDS.map((kind) => ({ kind, inApp: byKind.get(kind)?.inApp ?? true, email: byKind.get(kind)?.email ?? true }));
}

/** Moves one or both switches of one kind; returns the kind's switches as stored. */
export async function setPreference(userId: string, kind: NotificationKind, change: { inApp?: boolean; email?: boolean }): Promise<PreferenceView> {
  const row = await db().notificationPreference.upsert({
    where: { userId_kind: { userId, kind } },
    create: { userId, kind, inApp: change.inApp ?? true, email: change.email ?? true },
    update: change,
  });
  return { kind, inApp: row.inApp, email: row.email };
}

/** The email switch alone (the one-click unsubscribe link of a kind's email turns it off). */
export async function setEmailPreference(userId: string, kind: NotificationKind, enabled: boolean): Promise<void> {
  await setPreference(userId, kind, { email: enabled });
}

import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listPreferences } from "@/lib/notifications/preferences";
import { NotificationSettings } from "@/components/notifications/notification-settings";

export const metadata: Metadata = { title: "Notifications settings" };

// R16.4 Settings › Notifications, for every role.
export default async function NotificationSettingsPage() {
  const user = await requirePageUser();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Settings › Notifications</h1>
        <p className="text-slate-600">Each kind of event reaches you in the portal (the bell) and by email unless you turn it off here. Emails about your account (confirmation, password resets, invitations) always arrive.</p>
      </div>
      <NotificationSettings initial={await listPreferences(user.id)} />
    </div>
  );
}

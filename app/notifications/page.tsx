import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { listNotifications } from "@/lib/notifications/inbox";
import { NotificationList } from "@/components/notifications/notification-list";

export const metadata: Metadata = { title: "Notifications" };

// R16.4 the notification centre, for every role.
export default async function NotificationsPage() {
  const user = await requirePageUser();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Notifications</h1>
        <p className="text-slate-600">
          What happened on your contracts, disputes and payouts. Choose what reaches you, here and by email, in{" "}
          <Link href="/settings/notifications" className="text-brand-700 underline">Settings › Notifications</Link>.
        </p>
      </div>
      <NotificationList initial={await listNotifications(user.id)} userId={user.id} timeZone={user.timezone} />
    </div>
  );
}

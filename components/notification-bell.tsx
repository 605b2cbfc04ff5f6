"use client";
// R16.4 the header's bell: a link to the notification centre with the unread count, live over the user's channel.
import Link from "next/link";
import { useNotificationsLive, useUnreadNotifications } from "@/lib/queries/notifications";

export function NotificationBell({ userId, initialUnread }: { userId: string; initialUnread: number }) {
  useNotificationsLive(userId);
  const unread = useUnreadNotifications(initialUnread).data ?? 0;
  const label = unread === 0 ? "Notifications" : `Notifications, ${unread} unread`;
  return (
    <Link href="/notifications" aria-label={label} title={label} data-testid="notification-bell" className="relative inline-flex rounded p-1.5 text-slate-600 hover:bg-slate-100">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.73 21a2 2 0 0 1-3.46 0" />
      </svg>
      {unread > 0 && (
        <span aria-hidden="true" data-testid="notification-count" className="pointer-events-none absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1.5 text-center text-xs font-semibold leading-5 text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}

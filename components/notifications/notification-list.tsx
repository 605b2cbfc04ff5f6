"use client";
// R16.4 the notification centre: every notification, newest first, each linking to its object;
// opening one marks it read; mark one read or unread, or all read.
import Link from "next/link";
import { useMarkAllNotificationsRead, useMarkNotification, useNotifications, useNotificationsLive, type NotificationView } from "@/lib/queries/notifications";

function when(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString("en-US", { timeZone, month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
}

export function NotificationList({ initial, userId, timeZone }: { initial: NotificationView[]; userId: string; timeZone: string }) {
  useNotificationsLive(userId);
  const notifications = useNotifications(initial).data ?? [];
  const mark = useMarkNotification();
  const markAll = useMarkAllNotificationsRead();
  const unread = notifications.filter((n) => n.readAt === null).length;
  return (
    <section className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-slate-600" data-testid="notifications-unread">{unread === 0 ? "All caught up." : `${unread} unread`}</p>
        <button type="button" disabled={unread === 0 || markAll.isPending} onClick={() => markAll.mutate()}
          className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50">
          Mark all as read
        </button>
      </div>
      {notifications.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-center text-slate-500">No notifications yet. Offers, contract changes, invoices, disputes and payouts will show up here.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white" aria-label="Notifications">
          {notifications.map((n) => (
            <li key={n.id} data-testid="notification" data-read={n.readAt !== null} className={`flex items-start gap-3 p-3 ${n.readAt === null ? "bg-brand-50" : ""}`}>
              <span aria-hidden="true" className={`mt-2 h-2 w-2 shrink-0 rounded-full ${n.readAt === null ? "bg-brand-600" : "bg-transparent"}`} />
              <div className="min-w-0 flex-1">
                <Link href={n.link} onClick={() => n.readAt === null && mark.mutate({ id: n.id, read: true })} className="font-medium text-slate-900 hover:underline">
                  {n.title}
                  {n.readAt === null && <span className="sr-only"> (unread)</span>}
                </Link>
                <p className="text-sm text-slate-600">{n.body}</p>
                <p className="text-xs text-slate-600"><time dateTime={n.createdAt}>{when(n.createdAt, timeZone)}</time></p>
              </div>
              <button type="button" onClick={() => mark.mutate({ id: n.id, read: n.readAt === null })} className="shrink-0 rounded px-2 py-1 text-xs text-slate-600 hover:bg-slate-100">
                {n.readAt === null ? "Mark as read" : "Mark as unread"}
                <span className="sr-only">: {n.title}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

"use client";
// The navigation's unread count; live through the user's channel.
import { useLiveUnread, useUnreadCount } from "@/lib/queries/messages";

export const UNREAD_BADGE_ID = "messages-unread";

export function UnreadBadge({ userId, initialTotal }: { userId: string; initialTotal: number }) {
  useLiveUnread(userId);
  const total = useUnreadCount(initialTotal).data ?? 0;
  if (total <= 0) return null;
  return (
    <span
      id={UNREAD_BADGE_ID}
      data-testid="unread-badge"
      className="pointer-events-none absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1.5 text-center text-xs font-semibold leading-5 text-white"
    >
      {total > 99 ? "99+" : total}
      <span className="sr-only"> unread messages</span>
    </span>
  );
}

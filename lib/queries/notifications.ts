"use client";
// React Query hooks of the notification centre (R16.4): the bell's count, the list, marking read,
// and Settings › Notifications. Live: any event on the user's own channel may come with a new
// notification (an offer answered, a dispute, a payout), so each refetches the count and the list.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRealtimeRefetch } from "@/lib/realtime/client/hooks";
import { channels, REALTIME_EVENTS } from "@/lib/realtime/client/events";
import type { NotificationView } from "@/lib/notifications/inbox";
import type { PreferenceView } from "@/lib/notifications/preferences";
import type { NotificationKind } from "@/lib/notifications/kinds";
import { apiFetch } from "./api-client";
import { queryKeys } from "./keys";

export type { NotificationView, PreferenceView };

const USER_EVENTS = [
  REALTIME_EVENTS.notificationCreated,
  REALTIME_EVENTS.contractUpdated,
  REALTIME_EVENTS.disputeUpdated,
  REALTIME_EVENTS.withdrawalUpdated,
  REALTIME_EVENTS.paymentAvailable,
] as const;

export function useNotificationsLive(userId: string) {
  useRealtimeRefetch(channels.user(userId), USER_EVENTS, [queryKeys.notifications.list, queryKeys.notifications.unread]);
}

export function useUnreadNotifications(initialTotal?: number) {
  return useQuery({
    queryKey: queryKeys.notifications.unread,
    queryFn: () => apiFetch<{ total: number }>("/api/notifications/unread").then((r) => r.total),
    initialData: initialTotal,
  });
}

export function useNotifications(initialData?: NotificationView[]) {
  return useQuery({
    queryKey: queryKeys.notifications.list,
    queryFn: () => apiFetch<{ notifications: NotificationView[] }>("/api/notifications").then((r) => r.notifications),
    initialData,
  });
}

export function useMarkNotification() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, read }: { id: string; read: boolean }) => apiFetch(`/api/notifications/${id}`, { method: "PATCH", body: { read } }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.notifications.all }),
  });
}

export function useMarkAllNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch("/api/notifications/read-all", { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.notifications.all }),
  });
}

export function useNotificationPreferences(initialData?: PreferenceView[]) {
  return useQuery({
    queryKey: queryKeys.notifications.preferences,
    queryFn: () => apiFetch<{ preferences: PreferenceView[] }>("/api/notifications/preferences").then((r) => r.preferences),
    initialData,
  });
}

export function useSetNotificationPreference() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (change: { kind: NotificationKind; inApp?: boolean; email?: boolean }) =>
      apiFetch<{ preference: PreferenceView }>("/api/notifications/preferences", { method: "PUT", body: change }).then((r) => r.preference),
    onSuccess: (saved) =>
      qc.setQueryData<PreferenceView[]>(queryKeys.notifications.preferences, (all) => all?.map((p) => (p.kind === saved.kind ? saved : p))),
  });
}

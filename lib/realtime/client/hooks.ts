"use client";
// React hooks over the realtime connection. The rule (STYLE.md): an event only
// tells React Query what to refetch or patch. Typical uses elsewhere in the portal:
//   useRealtimeRefetch(channels.contract(id), [REALTIME_EVENTS.segmentChanged], [queryKeys.diary...])
//   useRealtimeRefetch(channels.user(me), [REALTIME_EVENTS.disputeFiled], [queryKeys.disputes...])
//   useRealtimeRefetch(channels.user(me), [REALTIME_EVENTS.paymentAvailable], [queryKeys.balances...])
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useCallback, useEffect, useEffectEvent, useState } from "react";
import type { PresenceChannel } from "pusher-js";
import type { ConnectionState } from "./realtime-client";
import type { RealtimeEventPayloads } from "./events";
import { useRealtime } from "./realtime-provider";

type Handler<E extends keyof RealtimeEventPayloads> = (data: RealtimeEventPayloads[E], metadata?: { user_id?: string }) => void;

/** Calls `handler` for `event` on `channel` while mounted (null channel: nothing). */
export function useChannelEvent<E extends keyof RealtimeEventPayloads>(channel: string | null, event: E, handler: Handler<E>): void {
  const { client } = useRealtime();
  const onEvent = useEffectEvent(handler);
  useEffect(() => {
    if (!client || !channel) return;
    return client.on<RealtimeEventPayloads[E]>(channel, event, (data, metadata) => onEvent(data, metadata));
  }, [client, channel, event]);
}

/** Invalidates `queryKeys` (prefixes) whenever one of `events` arrives on `channel`. */
export function useRealtimeRefetch(channel: string | null, events: ReadonlyArray<keyof RealtimeEventPayloads>, queryKeys: readonly QueryKey[]): void {
  const { client } = useRealtime();
  const queryClient = useQueryClient();
  const eventsKey = events.join(",");
  const keysKey = JSON.stringify(queryKeys);
  useEffect(() => {
    if (!client || !channel) return;
    const keys = JSON.parse(keysKey) as QueryKey[];
    const refetch = () => keys.forEach((queryKey) => void queryClient.invalidateQueries({ queryKey }));
    const offs = eventsKey.split(",").map((event) => client.on(channel, event, refetch));
    return () => offs.forEach((off) => off());
  }, [client, channel, eventsKey, keysKey, queryClient]);
}

export type SubscriptionStatus = "idle" | "subscribing" | "subscribed" | "refused";

export interface PresenceState {
  status: SubscriptionStatus;
  /** user ids of the members online now, the viewer included */
  memberIds: string[];
  /** sends a client event (client-*) to the other members; false until subscribed */
  trigger: <E extends keyof RealtimeEventPayloads & `client-${string}`>(event: E, data: RealtimeEventPayloads[E]) => boolean;
}

/** Joins a presence channel while mounted: who is online now, and a way to send client events. */
export function usePresence(channel: string | null): PresenceState {
  const { client } = useRealtime();
  const [state, setState] = useState<{ channel: string | null; status: SubscriptionStatus; memberIds: string[] }>({ channel: null, status: "idle", memberIds: [] });

  useEffect(() => {
    if (!client || !channel) return;
    const ch = client.acquire(channel) as PresenceChannel;
    const snapshot = () => {
      const ids: string[] = [];
      ch.members.each((m: { id: string }) => ids.push(m.id));
      setState({ channel, status: "subscribed", memberIds: ids.sort() });
    };
    const refused = () => setState({ channel, status: "refused", memberIds: [] });
    if (ch.subscribed) snapshot();
    else setState({ channel, status: "subscribing", memberIds: [] });
    ch.bind("pusher:subscription_succeeded", snapshot);
    ch.bind("pusher:member_added", snapshot);
    ch.bind("pusher:member_removed", snapshot);
    ch.bind("pusher:subscription_error", refused);
    return () => {
      ch.unbind("pusher:subscription_succeeded", snapshot);
      ch.unbind("pusher:member_added", snapshot);
      ch.unbind("pusher:member_removed", snapshot);
      ch.unbind("pusher:subscription_error", refused);
      client.release(channel);
    };
  }, [client, channel]);

  const trigger = useCallback<PresenceState["trigger"]>(
    (event, data) => {
      const ch = channel ? client?.pusher.channel(channel) : undefined;
      if (!ch?.subscribed) return false;
      return ch.trigger(event, data);
    },
    [client, channel],
  );

  const current = state.channel === channel && client ? state : { status: "idle" as const, memberIds: [] };
  return { status: current.status, memberIds: current.memberIds, trigger };
}

/** The connection's state, for "reconnecting…" notices; "initialized" before pusher-js has loaded. */
export function useConnectionState(): ConnectionState {
  const { client } = useRealtime();
  const [state, setState] = useState<ConnectionState>("initialized");
  useEffect(() => {
    if (!client) return;
    setState(client.state);
    return client.onStateChange(setState);
  }, [client]);
  return client ? state : "initialized";
}

/** A function giving the current socket id, for the X-Socket-Id header of writes. */
export function useSocketId(): () => string | undefined {
  const { client } = useRealtime();
  return useCallback(() => client?.socketId(), [client]);
}

"use client";
// React hooks over the realtime connection. The rule (docs/development.md): an event only
// tells React Query what to refetch or patch. Typical uses elsewhere in the portal:
//   useRealtimeRefetch(channels.contract(id), [REALTIME_EVENTS.segmentChanged], [queryKeys.diary...])
//   useRealtimeRefetch(channels.user(me), [REALTIME_EVENTS.disputeUpdated], [queryKeys.disputes...])
//   useRealtimeRefetch(channels.user(me), [REALTIME_EVENTS.paymentAvailable], [queryKeys.balances...])
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useCallback, useEffect, useEffectEvent, useSyncExternalStore } from "react";
import type { ConnectionState, PresenceSnapshot } from "./realtime-client";
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

/**
 * Invalidates `queryKeys` (prefixes) whenever one of `events` arrives on `channel`, and once when the
 * subscription succeeds: an event sent between the page's render and the subscription is never delivered,
 * so the data is fetched again once nothing more can be missed (as Pusher's docs advise).
 */
export function useRealtimeRefetch(channel: string | null, events: ReadonlyArray<keyof RealtimeEventPayloads>, queryKeys: readonly QueryKey[]): void {
  const { client } = useRealtime();
  const queryClient = useQueryClient();
  const eventsKey = events.join(",");
  const keysKey = JSON.stringify(queryKeys);
  useEffect(() => {
    if (!client || !channel) return;
    const keys = JSON.parse(keysKey) as QueryKey[];
    const refetch = () => keys.forEach((queryKey) => void queryClient.invalidateQueries({ queryKey }));
    const offs = [...eventsKey.split(","), "pusher:subscription_succeeded"].map((event) => client.on(channel, event, refetch));
    return () => offs.forEach((off) => off());
  }, [client, channel, eventsKey, keysKey, queryClient]);
}

export interface PresenceState extends PresenceSnapshot {
  /** sends a client event (client-*) to the other members; false until subscribed */
  trigger: <E extends keyof RealtimeEventPayloads & `client-${string}`>(event: E, data: RealtimeEventPayloads[E]) => boolean;
}

const NO_PRESENCE: PresenceSnapshot = { status: "idle", memberIds: [] };
const noop = () => () => undefined;

/** Joins a presence channel while mounted: who is online now, and a way to send client events. */
export function usePresence(channel: string | null): PresenceState {
  const { client } = useRealtime();
  const store = client && channel ? client.presence(channel) : null;
  const snapshot = useSyncExternalStore(store?.subscribe ?? noop, store?.getSnapshot ?? (() => NO_PRESENCE), () => NO_PRESENCE);
  const trigger = useCallback<PresenceState["trigger"]>((event, data) => (client && channel ? client.trigger(channel, event, data) : false), [client, channel]);
  return { ...snapshot, trigger };
}

/** The connection's state, for "reconnecting…" notices; "initialized" before pusher-js has loaded. */
export function useConnectionState(): ConnectionState {
  const { client } = useRealtime();
  const subscribe = useCallback((onChange: () => void) => (client ? client.onStateChange(onChange) : () => undefined), [client]);
  return useSyncExternalStore(subscribe, () => client?.state ?? "initialized", () => "initialized");
}

/** A function giving the current socket id, for the X-Socket-Id header of writes. */
export function useSocketId(): () => string | undefined {
  const { client } = useRealtime();
  return useCallback(() => client?.socketId(), [client]);
}

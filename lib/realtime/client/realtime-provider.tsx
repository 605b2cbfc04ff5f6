"use client";
// Gives client components the browser's one realtime connection. Signed out:
// no connection at all. pusher-js is loaded after the first paint, only for
// signed-in users. After a reconnect every active query is refetched, because
// events sent while offline are lost (their data is not: it is in the database).
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { RealtimeClientConfig } from "@/lib/config/realtime";
import { portalAuthorizer, pusherOptions, RealtimeClient } from "./realtime-client";

export interface RealtimeSession {
  config: RealtimeClientConfig;
  userId: string;
}

interface RealtimeContextValue {
  client: RealtimeClient | null;
  userId: string | null;
}

const RealtimeContext = createContext<RealtimeContextValue>({ client: null, userId: null });

export function RealtimeProvider({ session, children }: { session: RealtimeSession | null; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [client, setClient] = useState<RealtimeClient | null>(null);
  const configKey = session ? JSON.stringify(session.config) : null;
  const userId = session?.userId ?? null;

  useEffect(() => {
    if (!configKey || !userId) return;
    const config = JSON.parse(configKey) as RealtimeClientConfig;
    let cancelled = false;
    let created: RealtimeClient | undefined;
    void import("pusher-js").then(({ default: Pusher }) => {
      if (cancelled) return;
      created = new RealtimeClient(new Pusher(config.key, pusherOptions(config, portalAuthorizer())));
      setClient(created);
    });
    return () => {
      cancelled = true;
      created?.disconnect();
      setClient(null);
    };
  }, [configKey, userId]);

  // Choice: refetch every active query after a reconnect rather than tracking
  // which events each query depends on; it happens rarely and is always correct.
  useEffect(() => client?.onReconnect(() => void queryClient.invalidateQueries()), [client, queryClient]);

  return <RealtimeContext.Provider value={{ client, userId }}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeContextValue {
  return useContext(RealtimeContext);
}

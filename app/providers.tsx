"use client";
// The one React Query provider of the app, and the realtime connection (for
// signed-in users) whose events tell React Query what to refetch, and the tab's calls (R17.1) on it.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { RealtimeProvider, type RealtimeSession } from "@/lib/realtime/client/realtime-provider";
import { CallProvider } from "@/components/calls/call-provider";

export function Providers({ children, realtime = null }: { children: ReactNode; realtime?: RealtimeSession | null }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } } }),
  );
  return (
    <QueryClientProvider client={client}>
      <RealtimeProvider session={realtime}>
        <CallProvider>{children}</CallProvider>
      </RealtimeProvider>
    </QueryClientProvider>
  );
}

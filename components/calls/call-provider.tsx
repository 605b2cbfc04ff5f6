"use client";
// Calls for a signed-in user (R17.1): one CallManager per tab, started once the realtime connection
// is up, and what it shows on every page: the incoming-call banner and the call panel. Mounted above
// the pages (app/providers.tsx), so a call carries on while the user moves around the portal.
import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from "react";
import { CallManager, IDLE_CALL, type CallSnapshot } from "@/lib/calls/client/call-manager";
import { useRealtime } from "@/lib/realtime/client/realtime-provider";
import { CallPanel } from "./call-panel";
import { IncomingCallBanner } from "./incoming-call-banner";

const CallContext = createContext<CallManager | null>(null);
const noop = () => () => undefined;

export function CallProvider({ children }: { children: ReactNode }) {
  const { client, userId } = useRealtime();
  const manager = useMemo(() => (client && userId ? new CallManager(client, userId) : null), [client, userId]);

  useEffect(() => {
    if (!manager) return;
    manager.attach();
    return () => manager.dispose();
  }, [manager]);

  return (
    <CallContext.Provider value={manager}>
      {manager && <CallPanel manager={manager} />}
      {children}
      {manager && <IncomingCallBanner manager={manager} />}
    </CallContext.Provider>
  );
}

/** The tab's call manager (null until the realtime connection is up, and for signed-out pages). */
export function useCallManager(): CallManager | null {
  return useContext(CallContext);
}

/** What the tab's call looks like now. */
export function useCallSnapshot(manager: CallManager | null): CallSnapshot {
  return useSyncExternalStore(manager?.subscribe ?? noop, manager?.getSnapshot ?? (() => IDLE_CALL), () => IDLE_CALL);
}

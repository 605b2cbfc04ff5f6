"use client";
// The conversation header's Call button (R17.1): enabled while the other party is online on the
// conversation's presence channel, and the title says why when it is not.
import { firstName } from "@/lib/calls/client/call-texts";
import { useCallManager, useCallSnapshot } from "./call-provider";
import { PhoneIcon } from "./icons";

export function CallButton({ conversationId, contractId, peerName, online }: { conversationId: string; contractId: string; peerName: string; online: boolean }) {
  const manager = useCallManager();
  const { phase } = useCallSnapshot(manager);
  const inCall = phase === "incoming" || phase === "outgoing" || phase === "active";
  const why = !online ? `${peerName} is offline` : inCall ? "You are already on a call" : !manager ? "Calls are starting…" : null;
  return (
    <button
      type="button"
      aria-label={`Call ${firstName(peerName)}`}
      title={why ?? `Start an audio call with ${peerName}`}
      disabled={why !== null}
      onClick={() => void manager?.start({ conversationId, contractId, peerName })}
      className="inline-flex items-center gap-1.5 rounded border border-slate-300 px-2.5 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:cursor-not-allowed disabled:text-slate-400 disabled:hover:bg-transparent"
    >
      <PhoneIcon /> Call
    </button>
  );
}

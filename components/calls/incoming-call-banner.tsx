"use client";
// Someone is calling (R17.1), on whatever page this tab shows: Accept (focused, so Enter answers),
// Decline, and a switch for the ring. A microphone that cannot be used is said here, and the call
// keeps ringing so the user can fix it and accept, or decline.
import { useEffect, useRef } from "react";
import type { CallManager } from "@/lib/calls/client/call-manager";
import { useCallSnapshot } from "./call-provider";
import { PhoneIcon } from "./icons";

export function IncomingCallBanner({ manager }: { manager: CallManager }) {
  const snapshot = useCallSnapshot(manager);
  const accept = useRef<HTMLButtonElement>(null);
  const callId = snapshot.phase === "incoming" ? snapshot.call?.id : undefined;
  useEffect(() => {
    if (callId) accept.current?.focus();
  }, [callId]);
  if (snapshot.phase !== "incoming") return null;
  return (
    <div
      role="alertdialog"
      aria-labelledby="incoming-call-title"
      aria-describedby="incoming-call-text"
      className="fixed inset-x-2 top-2 z-50 mx-auto max-w-md rounded-lg border border-brand-200 bg-white p-4 shadow-lg"
    >
      <div className="flex items-start gap-3">
        <span className="mt-0.5 inline-flex h-9 w-9 shrink-0 animate-pulse items-center justify-center rounded-full bg-brand-100 text-brand-700">
          <PhoneIcon size={20} />
        </span>
        <div className="min-w-0 flex-1">
          <h2 id="incoming-call-title" className="text-sm font-semibold text-slate-600">
            Incoming call
          </h2>
          <p id="incoming-call-text" className="truncate text-base font-medium text-slate-900">
            {snapshot.peerName} is calling
          </p>
        </div>
      </div>
      {snapshot.micError && (
        <p role="alert" className="mt-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {snapshot.micError}
        </p>
      )}
      {snapshot.note && <p className="mt-2 text-sm text-slate-700">{snapshot.note}</p>}
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          ref={accept}
          type="button"
          disabled={snapshot.pending}
          onClick={() => void manager.accept()}
          className="rounded bg-brand-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          Accept
        </button>
        <button type="button" onClick={() => void manager.decline()} className="rounded bg-red-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-red-700">
          Decline
        </button>
        <button type="button" onClick={() => manager.toggleRingMute()} className="ml-auto rounded border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50">
          {snapshot.ringMuted ? "Unmute ring" : "Mute ring"}
        </button>
      </div>
    </div>
  );
}

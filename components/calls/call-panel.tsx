"use client";
// The call in progress (R17.1), as a bar above every page while this tab takes part: who, the state
// ("Ringing…", "Connected", "Reconnecting…"), the timer from when it connected, the user's own
// microphone level, Mute and Hang up; once over, how it ended until closed.
import { useEffect, useLayoutEffect, useState } from "react";
import type { CallManager, CallSnapshot } from "@/lib/calls/client/call-manager";
import { formatCallDuration } from "@/lib/calls/client/call-texts";
import { useCallSnapshot } from "./call-provider";
import { MicIcon, PhoneIcon } from "./icons";
import { MicLevelMeter } from "./mic-level-meter";

export function CallPanel({ manager }: { manager: CallManager }) {
  const snapshot = useCallSnapshot(manager);
  const shown = snapshot.phase === "outgoing" || snapshot.phase === "active" || snapshot.phase === "ended";
  // Pages that size themselves to the window (a conversation) measure again when the bar comes or goes.
  useLayoutEffect(() => {
    window.dispatchEvent(new Event("resize"));
  }, [shown]);
  if (!shown) return null;
  const over = snapshot.phase === "ended";
  return (
    <section
      role="region"
      aria-label={`Call with ${snapshot.peerName}`}
      className={`sticky top-0 z-40 border-b ${over ? "border-slate-200 bg-slate-50" : "border-brand-200 bg-brand-50"}`}
    >
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
        <p className="flex min-w-0 items-center gap-2 text-sm">
          <span className="text-brand-700">
            <PhoneIcon />
          </span>
          <span className="truncate font-medium text-slate-900">{snapshot.peerName}</span>
          <span data-testid="call-state" aria-live="polite" className="text-slate-700">
            {snapshot.state}
          </span>
          {snapshot.connectedAt !== null && <CallTimer snapshot={snapshot} />}
        </p>
        {!over && snapshot.localStream && <MicLevelMeter stream={snapshot.localStream} />}
        <div className="ml-auto flex gap-2">
          {over ? (
            <button type="button" onClick={() => manager.dismiss()} className="rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100">
              Close
            </button>
          ) : (
            <>
              <button
                type="button"
                aria-pressed={snapshot.muted}
                disabled={!snapshot.localStream}
                onClick={() => manager.toggleMute()}
                className="inline-flex items-center gap-1 rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-60 aria-pressed:border-amber-400 aria-pressed:bg-amber-50"
              >
                <MicIcon off={snapshot.muted} /> {snapshot.muted ? "Unmute" : "Mute"}
              </button>
              <button
                type="button"
                disabled={snapshot.pending || !snapshot.call}
                onClick={() => void manager.hangup()}
                className="rounded bg-red-600 px-3 py-1 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60"
              >
                Hang up
              </button>
            </>
          )}
        </div>
      </div>
      {(snapshot.micError || snapshot.note) && (
        <div className="mx-auto max-w-6xl px-4 pb-2 text-sm">
          {snapshot.micError && (
            <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-red-800">
              {snapshot.micError}
            </p>
          )}
          {snapshot.note && <p className="text-slate-700">{snapshot.note}</p>}
        </div>
      )}
    </section>
  );
}

/** m:ss since the call connected, stopped when it ends. */
function CallTimer({ snapshot }: { snapshot: CallSnapshot }) {
  const [now, setNow] = useState(() => Date.now());
  const running = snapshot.endedAt === null;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [running]);
  const seconds = ((snapshot.endedAt ?? now) - (snapshot.connectedAt ?? now)) / 1000;
  return (
    <span data-testid="call-timer" className="tabular-nums text-slate-700">
      {formatCallDuration(seconds)}
    </span>
  );
}

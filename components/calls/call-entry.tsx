// A call's entry in the conversation (R17.1): who called, when, and how long, or missed, declined,
// busy; centred like a system line, not a bubble, since neither party wrote it.
import { callEntryText } from "@/lib/calls/client/call-texts";
import { messageTime } from "@/lib/messages/format";
import type { CallEntryView } from "@/lib/messages/types";
import { PhoneIcon } from "./icons";

export function CallEntry({ call, callerName, userId, timeZone }: { call: CallEntryView; callerName: string; userId: string; timeZone: string }) {
  const missed = call.outcome !== "completed" && !(call.outcome === "failed" && call.durationSeconds);
  return (
    <li className="flex justify-center" data-testid="call-entry" data-call-id={call.id}>
      <p className={`inline-flex max-w-full flex-wrap items-center justify-center gap-x-1.5 rounded-full border px-3 py-1 text-xs ${missed ? "border-red-200 bg-red-50 text-red-800" : "border-slate-200 bg-slate-50 text-slate-700"}`}>
        <PhoneIcon size={14} />
        <span className="font-semibold">{callEntryText(call)}</span> <span aria-hidden="true">·</span>{" "}
        <span>{call.callerId === userId ? "You called" : `${callerName} called`}</span> <span aria-hidden="true">·</span>{" "}
        <time dateTime={call.startedAt}>{messageTime(call.startedAt, timeZone)}</time>
      </p>
    </li>
  );
}

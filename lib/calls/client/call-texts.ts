// What a call reads as in the browser (R17.1): the panel's state line, the timer, the
// conversation's call entries and the sentence for a microphone that cannot be used. Pure.
import type { CallView } from "../call-view";

/** The call panel's state text (data-testid="call-state"): exactly one of these. */
export type CallStateText = "Calling…" | "Ringing…" | "Connecting…" | "Connected" | "Reconnecting…" | "Call ended" | "Busy" | "No answer" | "Declined";

export type CallOutcome = NonNullable<CallView["outcome"]>;

/** "0:07", "3:12", "1:02:03": the call timer and an entry's length. */
export function formatCallDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const s = String(total % 60).padStart(2, "0");
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}:${s}`;
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}:${s}`;
}

/**
 * How an ended call reads on the caller's panel. Choice: a call the caller cancelled, one that
 * failed and one that was talked through all read "Call ended" (the reason is not news to the
 * caller); the callee's refusals read as Busy, Declined, No answer, as a phone says them.
 */
export function endedStateText(outcome: CallOutcome | null): CallStateText {
  switch (outcome) {
    case "busy":
      return "Busy";
    case "declined":
      return "Declined";
    case "missed":
      return "No answer";
    default:
      return "Call ended";
  }
}

/**
 * The entry a call leaves in the conversation (data-testid="call-entry"); who called is said beside it.
 * Choice: a call nobody answered reads "Missed call" to both parties, whether the caller gave up
 * (cancelled) or the ring timed out (R17.1 "or missed"), as Upwork's and Slack's threads do.
 */
export function callEntryText(call: { outcome: CallOutcome | null; durationSeconds: number | null }): string {
  switch (call.outcome) {
    case "completed":
      return `Call · ${formatCallDuration(call.durationSeconds ?? 0)}`;
    case "declined":
      return "Declined call";
    case "busy":
      return "Busy";
    case "failed":
      return call.durationSeconds ? `Call · ${formatCallDuration(call.durationSeconds)}` : "Call failed";
    default:
      return "Missed call";
  }
}

/** The start every microphone alert has (the e2e and screen readers look for it). */
const MIC_ALERT = "Hourglass can't use your microphone.";

/**
 * What to do when getUserMedia fails, by the DOMException's name: refused (NotAllowedError,
 * also SecurityError on a page that is not a secure context), none there (NotFoundError,
 * OverconstrainedError), or held by something else (NotReadableError, AbortError).
 */
export function microphoneErrorMessage(error: unknown): string {
  const name = error instanceof Error || (typeof error === "object" && error !== null && "name" in error) ? String((error as { name: unknown }).name) : "";
  switch (name) {
    case "NotAllowedError":
      return `${MIC_ALERT} Access was blocked: allow the microphone for this site in your browser's address bar or site settings, then try again.`;
    case "SecurityError":
      return `${MIC_ALERT} Browsers allow the microphone only on secure (https) pages: open the portal at its https address.`;
    case "NotFoundError":
    case "OverconstrainedError":
      return `${MIC_ALERT} No microphone was found: connect a microphone or headset, then try again.`;
    case "NotReadableError":
    case "AbortError":
      return `${MIC_ALERT} Another application or tab is using it: close that application or end its call, then try again.`;
    default:
      return `${MIC_ALERT} Your browser does not allow calls here: try a current Chrome, Firefox, Edge or Safari.`;
  }
}

/** What an API refusal while placing or answering a call reads as, on the panel. */
export function refusalText(code: string): { state: CallStateText; note: string | null } {
  switch (code) {
    case "busy":
      return { state: "Busy", note: null };
    case "already_in_call":
      return { state: "Call ended", note: "You are already on a call in another tab or window." };
    case "already_answered":
      return { state: "Call ended", note: "The call was answered in another tab or window." };
    case "call_ended":
      return { state: "Call ended", note: "The call had already ended." };
    default:
      return { state: "Call ended", note: null };
  }
}

/** "Fiona" from "Fiona Freelancer": the Call button names the other party as a person would. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || name;
}

// What the Work Diary says about a segment, in one place.
import type { ProtectionFailure } from "@/lib/billing";
import type { DiaryCell, DiarySegment, DisputeStatusName } from "@/lib/diary/types";

export const PROTECTION_TEXT: Record<ProtectionFailure, string> = {
  MANUAL_TIME: "Manual time is not covered",
  NO_SCREENSHOT: "No screenshot",
  NO_ACTIVITY: "No keyboard or mouse activity",
  EMPTY_MEMO: "No memo",
  OVER_LIMIT: "Over the weekly limit (not billed)",
  NO_VERIFIED_PAYMENT_METHOD: "The client has no verified payment method",
};

export const DISPUTE_TEXT: Record<DisputeStatusName, string> = {
  OPEN: "Disputed · open",
  ESCALATED: "Disputed · with an admin",
  ACCEPTED: "Disputed · refunded",
  RESOLVED: "Disputed · resolved",
  WITHDRAWN: "Dispute withdrawn",
};

export const DISPUTE_STYLE: Record<DisputeStatusName, string> = {
  OPEN: "bg-amber-100 text-amber-900",
  ESCALATED: "bg-orange-100 text-orange-900",
  ACCEPTED: "bg-red-100 text-red-800",
  RESOLVED: "bg-slate-200 text-slate-800",
  WITHDRAWN: "bg-slate-100 text-slate-600",
};

export function minutes(m: number): string {
  const h = Math.floor(m / 60);
  return `${h}:${String(m % 60).padStart(2, "0")}`;
}

/** "04:10" -> "04:20" (the end of a 10-minute slot, on the same clock). */
export function slotEnd(time: string): string {
  const [h = 0, m = 0] = time.split(":").map(Number);
  const total = (h * 60 + m + 10) % (24 * 60);
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

/** What a segment's footer says when it is over the weekly limit (R4.2). */
export const OVER_LIMIT_TEXT = "Over limit · not billed";

/**
 * The accessible name of a cell: first the text the eye reads off it, in its order (the memo
 * label starting here, "Manual" and its memo or "No screenshot", the start time, the over-limit
 * mark, the dispute), so the name holds the visible label (WCAG 2.5.3), then what only the
 * picture shows (the end of the slot, the activity, a memo whose label starts further left).
 */
export function cellLabel(cell: DiaryCell, segment: DiarySegment | null, labelMemo: string | null = null): string {
  const until = `until ${slotEnd(cell.time)}`;
  if (!segment) return [cell.time, until, cell.future ? "not yet" : "no time", ...(cell.add ? ["can take manual time"] : [])].join(", ");
  const seen = [
    ...(labelMemo === null ? [] : [labelMemo || "No memo"]),
    ...(segment.kind === "MANUAL" ? ["Manual", segment.memo] : segment.screenshot ? [] : ["No screenshot"]),
    cell.time,
    ...(segment.class === "over_limit" ? [OVER_LIMIT_TEXT] : []),
    ...(segment.dispute ? [DISPUTE_TEXT[segment.dispute.status]] : []),
  ];
  const more = [until, segment.kind === "MANUAL" ? "manual time" : `activity ${segment.activityLevel} of 10`];
  if (segment.kind !== "MANUAL" && labelMemo === null && segment.memo) more.push(`memo: ${segment.memo}`);
  return [...seen, ...more].filter(Boolean).join(", ");
}

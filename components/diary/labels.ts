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

/** The accessible name of a cell: everything the eye reads off it. */
export function cellLabel(cell: DiaryCell, segment: DiarySegment | null): string {
  const span = `${cell.time} to ${slotEnd(cell.time)}`;
  if (!segment) return `${span}, ${cell.future ? "not yet" : "no time"}${cell.add ? ", can take manual time" : ""}`;
  const parts = [span, segment.kind === "MANUAL" ? "manual time" : `activity ${segment.activityLevel} of 10`];
  if (segment.class === "over_limit") parts.push("over limit, not billed");
  if (segment.memo) parts.push(`memo: ${segment.memo}`);
  if (segment.dispute) parts.push(DISPUTE_TEXT[segment.dispute.status]);
  return parts.join(", ");
}

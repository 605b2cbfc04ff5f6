// What the dispute pages say about a dispute, in one place.
import type { DisputeStatus } from "@/lib/generated/prisma/enums";

export const STATUS_TEXT: Record<DisputeStatus, string> = {
  OPEN: "Open",
  ESCALATED: "With an admin",
  ACCEPTED: "Accepted",
  RESOLVED: "Resolved",
  WITHDRAWN: "Withdrawn",
};

export const STATUS_STYLE: Record<DisputeStatus, string> = {
  OPEN: "bg-amber-100 text-amber-900",
  ESCALATED: "bg-orange-100 text-orange-900",
  ACCEPTED: "bg-red-100 text-red-800",
  RESOLVED: "bg-slate-200 text-slate-800",
  WITHDRAWN: "bg-slate-100 text-slate-600",
};

/** "2024-06-11T10:00:00.000Z" -> "Tue 11 Jun 2024, 10:00 UTC" (every rule time is UTC, R1). */
export function utc(iso: string): string {
  const d = new Date(iso);
  const date = d.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  return `${date}, ${iso.slice(11, 16)} UTC`;
}

/** The work week of a Monday: "week of Mon 3 Jun 2024". */
export function weekOf(weekStart: string): string {
  return `week of ${new Date(weekStart).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })}`;
}

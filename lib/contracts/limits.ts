// The weekly limit as people read it: now, and from next Monday when a decrease waits (R4.3).
import { effectiveWeeklyLimitHours, weekStartOf, type LimitChange } from "@/lib/billing";

export interface LimitRow {
  limitMinutes: number | null;
  requestedAt: Date;
}

export function toLimitChanges(rows: readonly LimitRow[]): LimitChange[] {
  return [...rows]
    .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime())
    .map((r) => ({ at: r.requestedAt, limitHours: r.limitMinutes === null ? null : r.limitMinutes / 60 }));
}

export interface LimitView {
  nowHours: number | null;
  /** set when next week's limit differs from this week's */
  next: { hours: number | null; from: Date } | null;
}

export function limitView(rows: readonly LimitRow[], now: Date): LimitView {
  const changes = toLimitChanges(rows);
  if (changes.length === 0) return { nowHours: null, next: null };
  const thisWeek = weekStartOf(now);
  // A contract created for a later week has no limit "now" yet: show its first one.
  if (changes[0]!.at.getTime() >= thisWeek.getTime() + 7 * 86_400_000) return { nowHours: changes[0]!.limitHours, next: null };
  const nextWeek = new Date(thisWeek.getTime() + 7 * 86_400_000);
  const nowHours = effectiveWeeklyLimitHours(changes, thisWeek);
  const nextHours = effectiveWeeklyLimitHours(changes, nextWeek);
  return { nowHours, next: nextHours === nowHours ? null : { hours: nextHours, from: nextWeek } };
}

export function describeLimit(view: LimitView): string {
  const h = (v: number | null) => (v === null ? "no limit" : `${v} h`);
  if (!view.next) return h(view.nowHours);
  const day = view.next.from.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
  return `${h(view.nowHours)} now, ${h(view.next.hours)} from ${day}`;
}

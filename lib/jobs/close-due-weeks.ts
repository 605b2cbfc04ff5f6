// No "server-only" marker: the demo seed runs this in plain Node, outside Next's react-server condition.
// R1.3 the weekly-close job: closes every week whose close instant has passed and
// that is not closed completely yet (a worker that was down on Monday catches up).
import { performance } from "node:perf_hooks";
import { db } from "@/lib/db/client";
import { weekCloseAt, weekStartOf } from "@/lib/billing";
import { closeWeek, type CloseWeekResult } from "@/lib/ledger/close-week";
import { observeWeeklyClose } from "@/lib/observability/metrics";

const WEEK_MS = 7 * 86_400_000;

/** The most recent week whose close instant is at or before `now`. */
export function latestClosableWeek(now: Date): Date {
  const previous = new Date(weekStartOf(now).getTime() - WEEK_MS);
  return now >= weekCloseAt(previous) ? previous : new Date(previous.getTime() - WEEK_MS);
}

export async function closeDueWeeks(now: Date): Promise<CloseWeekResult[]> {
  const latest = latestClosableWeek(now);
  const prisma = db();
  const [done, open, first] = await Promise.all([
    prisma.weekClose.findFirst({ where: { completedAt: { not: null } }, orderBy: { weekStart: "desc" } }),
    prisma.weekClose.findMany({ where: { completedAt: null, weekStart: { lte: latest } }, orderBy: { weekStart: "asc" } }),
    prisma.contract.findFirst({ where: { status: { not: "OFFER" } }, orderBy: { startsAt: "asc" }, select: { startsAt: true } }),
  ]);
  const weeks = new Set(open.map((w) => w.weekStart.getTime()));
  // Choice: with no close on record, start from the week the first contract started.
  let from = done ? done.weekStart.getTime() + WEEK_MS : first ? weekStartOf(first.startsAt).getTime() : latest.getTime();
  for (; from <= latest.getTime(); from += WEEK_MS) weeks.add(from);
  const results: CloseWeekResult[] = [];
  for (const ws of [...weeks].sort((a, b) => a - b)) {
    const started = performance.now();
    results.push(await closeWeek({ weekStart: new Date(ws), now }));
    observeWeeklyClose((performance.now() - started) / 1000);
  }
  return results;
}

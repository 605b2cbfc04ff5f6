// The day's totals and the week's running total against its limit (R4).
import type { DayTotals as Totals, WeekSummary } from "@/lib/diary/types";
import { minutes } from "./labels";
import { WeekSeal } from "./week-seal";

const weekDay = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });

function Stat({ label, value, testId, tone = "" }: { label: string; value: number; testId: string; tone?: string }) {
  return (
    <div className="min-w-0 rounded border border-slate-200 bg-white px-3 py-2">
      <dt className="truncate text-xs font-medium text-slate-500">{label}</dt>
      <dd className={`text-lg font-semibold tabular-nums ${tone}`} data-testid={testId} data-minutes={value}>
        {minutes(value)}
        <span className="ml-0.5 text-sm font-normal text-slate-500">h</span>
      </dd>
    </div>
  );
}

/** proofHref: the week's proof bundle (R15.4), offered beside the week's total */
export function DayTotals({ totals, week, proofHref }: { totals: Totals; week: WeekSummary; proofHref?: string }) {
  const weekStart = new Date(week.weekStart);
  const limit = week.limitMinutes;
  const within = limit === null ? week.loggedMinutes : Math.min(week.loggedMinutes, limit);
  const share = (m: number) => (limit === null || limit === 0 ? 0 : Math.min(100, (m / limit) * 100));
  return (
    <section aria-label="Totals" className="grid gap-3 lg:grid-cols-[3fr_2fr]">
      {/* three to a line on a phone: two lines, not three, above the grid */}
      <dl className="grid grid-cols-3 gap-2 sm:grid-cols-5">
        <Stat label="Logged" value={totals.loggedMinutes} testId="day-logged" />
        <Stat label="Tracked" value={totals.trackedMinutes} testId="day-tracked" />
        <Stat label="Manual" value={totals.manualMinutes} testId="day-manual" tone="text-indigo-700" />
        <Stat label="Over limit" value={totals.overLimitMinutes} testId="day-over-limit" tone={totals.overLimitMinutes ? "text-red-700" : ""} />
        <Stat label="Billable" value={totals.billableMinutes} testId="day-billable" tone="text-brand-700" />
      </dl>
      <div className="rounded border border-slate-200 bg-white px-3 py-2">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
          <span className="font-medium text-slate-600">Week of {weekDay.format(weekStart)} (UTC), to this day</span>
          <span className="tabular-nums">
            <strong data-testid="week-logged" data-minutes={week.loggedMinutes}>
              {minutes(week.loggedMinutes)} h
            </strong>{" "}
            logged of <span data-testid="week-limit">{limit === null ? "no limit" : `a ${minutes(limit)} h limit`}</span>
          </span>
        </div>
        {limit !== null && limit > 0 && (
          <div
            className="mt-2 flex h-2 overflow-hidden rounded bg-slate-100"
            role="progressbar"
            aria-label="Week against its limit"
            aria-valuemin={0}
            aria-valuemax={limit}
            aria-valuenow={Math.min(week.loggedMinutes, limit)}
          >
            <div className="bg-brand-500" style={{ width: `${share(within)}%` }} />
          </div>
        )}
        <p className="mt-1 text-xs text-slate-500">
          <span data-testid="week-billable">{minutes(week.billableMinutes)} h</span> billable
          {week.overLimitMinutes > 0 && <span className="text-red-700"> · {minutes(week.overLimitMinutes)} h over the limit, not billed</span>}
          {limit === 0 && " · this contract has no hourly billing"}
          {proofHref && (
            <>
              {" · "}
              <a href={proofHref} download data-testid="download-proof" className="font-medium text-brand-700 hover:underline">
                Download proof
              </a>
            </>
          )}
        </p>
        <WeekSeal proof={week.proof} />
      </div>
    </section>
  );
}

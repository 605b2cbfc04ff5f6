// Home: this week's logged time per contract against its weekly limit (R4), each a link
// to that contract's Work Diary.
import Link from "next/link";
import { formatMinutes } from "@/lib/format/money";
import type { ContractWeek } from "@/lib/home/load-home";

function limitText(w: ContractWeek): string {
  if (w.limitMinutes === null) return `${formatMinutes(w.loggedMinutes)}, no weekly limit`;
  return `${formatMinutes(w.loggedMinutes)} of ${formatMinutes(w.limitMinutes)}`;
}

export function WeekHours({ week, withLabel }: { week: ContractWeek[]; withLabel: string }) {
  if (week.length === 0) {
    return <p className="rounded border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">No active contract this week.</p>;
  }
  return (
    <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
      {week.map((w) => {
        const over = w.limitMinutes !== null && w.loggedMinutes > w.limitMinutes ? w.loggedMinutes - w.limitMinutes : 0;
        const share = w.limitMinutes ? Math.min(100, Math.round((w.loggedMinutes / w.limitMinutes) * 100)) : 0;
        return (
          <li key={w.contractId} className="space-y-1 px-4 py-3" data-testid="home-week-row">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <Link href={`/diary?contract=${w.contractId}`} className="font-medium text-brand-700 hover:underline">{w.title}</Link>
              <span className="text-sm tabular-nums text-slate-700" data-testid="home-week-hours">{limitText(w)}</span>
            </div>
            <p className="text-xs text-slate-500">
              {withLabel} {w.withName}
              {w.status === "PAUSED" && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-amber-800">Paused</span>}
              {over > 0 && <span className="ml-2 text-red-700">{formatMinutes(over)} over the limit, not billed</span>}
            </p>
            {w.limitMinutes !== null && w.limitMinutes > 0 && (
              <div className="h-1.5 overflow-hidden rounded bg-slate-100" role="progressbar" aria-label={`${w.title}: ${limitText(w)}`} aria-valuemin={0} aria-valuemax={w.limitMinutes} aria-valuenow={Math.min(w.loggedMinutes, w.limitMinutes)}>
                <div className={`h-full ${over > 0 ? "bg-red-500" : "bg-brand-500"}`} style={{ width: `${share}%` }} />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

"use client";
// Which contract, which day, which clock: the controls above the grid.
import { addDays } from "@/lib/diary/zone";
import type { DiaryContractOption, TzMode } from "@/lib/diary/types";
import { useConnectionState } from "@/lib/realtime/client/hooks";
import { useRealtime } from "@/lib/realtime/client/realtime-provider";

const button = "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50";

const weekday = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** "Wednesday 12 June 2024" (a calendar day, the same in every zone). */
export function longDay(day: string): string {
  return weekday.format(new Date(`${day}T00:00:00Z`));
}

export interface DiaryToolbarProps {
  contracts: DiaryContractOption[];
  contractId: string;
  onContract: (id: string) => void;
  day: string;
  today: string;
  onDay: (day: string) => void;
  tz: TzMode;
  onTz: (tz: TzMode) => void;
  zones: { mine: string; freelancer: string };
  /** Choice: for the freelancer, their zone is "my zone", so it is not offered twice */
  showFreelancerZone: boolean;
}

export function DiaryToolbar(p: DiaryToolbarProps) {
  const tzOptions: Array<{ value: TzMode; label: string; zone: string }> = [
    { value: "utc", label: "UTC", zone: "UTC" },
    { value: "mine", label: "My zone", zone: p.zones.mine },
    ...(p.showFreelancerZone ? [{ value: "freelancer" as const, label: "Freelancer's zone", zone: p.zones.freelancer }] : []),
  ];
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 flex-col text-sm">
          <span className="font-medium text-slate-600">Contract</span>
          <select value={p.contractId} onChange={(e) => p.onContract(e.target.value)} className="mt-1 max-w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-base sm:min-w-72">
            {p.contracts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title} ({c.party}){c.status === "ENDED" ? " · ended" : c.status === "PAUSED" ? " · paused" : ""}
              </option>
            ))}
          </select>
        </label>
        <LiveIndicator />
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <nav aria-label="Choose the day" className="flex flex-wrap items-center gap-2">
          <button type="button" className={button} onClick={() => p.onDay(addDays(p.day, -1))} aria-label="Previous day">
            ‹ <span className="hidden sm:inline">Previous</span>
          </button>
          <label className="sr-only" htmlFor="diary-day">
            Day
          </label>
          <input
            id="diary-day"
            type="date"
            value={p.day}
            max={p.today}
            onChange={(e) => {
              if (/^\d{4}-\d{2}-\d{2}$/.test(e.target.value)) p.onDay(e.target.value);
            }}
            className="rounded border border-slate-300 bg-white px-2 py-1.5 text-sm"
          />
          {/* Choice: no days after today (in the chosen zone): nothing can be logged there yet. */}
          <button type="button" className={button} onClick={() => p.onDay(addDays(p.day, 1))} disabled={p.day >= p.today} aria-label="Next day">
            <span className="hidden sm:inline">Next</span> ›
          </button>
          <button type="button" className={button} onClick={() => p.onDay(p.today)} disabled={p.day === p.today}>
            Today
          </button>
        </nav>
        <fieldset className="flex flex-wrap items-center gap-1 text-sm">
          <legend className="sr-only">Time zone</legend>
          <span className="mr-1 font-medium text-slate-600" aria-hidden>
            Time zone
          </span>
          {tzOptions.map((o) => (
            <label key={o.value} className={`cursor-pointer rounded border px-2 py-1 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600 ${p.tz === o.value ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 bg-white"}`}>
              <input type="radio" name="diary-tz" value={o.value} checked={p.tz === o.value} onChange={() => p.onTz(o.value)} className="sr-only" />
              {o.label}
              {o.value !== "utc" && <span className="ml-1 text-xs text-slate-500">({o.zone})</span>}
            </label>
          ))}
        </fieldset>
      </div>
    </div>
  );
}

const LIVE_TEXT = {
  connected: { text: "Live", dot: "bg-green-500" },
  connecting: { text: "Connecting…", dot: "bg-amber-400" },
  initialized: { text: "Connecting…", dot: "bg-slate-300" },
  unavailable: { text: "Offline: new time shows after a reload", dot: "bg-red-500" },
  failed: { text: "Live updates unavailable", dot: "bg-red-500" },
  disconnected: { text: "Offline", dot: "bg-slate-400" },
} as const;

function LiveIndicator() {
  const state = useConnectionState();
  const { userId } = useRealtime();
  if (!userId) return null; // no realtime connection in this app shell
  const s = LIVE_TEXT[state];
  return (
    <span data-testid="live-state" data-state={state} className="mb-1 inline-flex items-center gap-1.5 text-sm text-slate-600" title="New tracked time appears without a reload">
      <span className={`h-2 w-2 rounded-full ${s.dot}`} aria-hidden />
      {s.text}
    </span>
  );
}

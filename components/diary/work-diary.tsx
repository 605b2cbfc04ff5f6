"use client";
// The Work Diary page's client side: which contract/day/zone is shown (kept in the URL), the day
// from React Query (seeded by the server's render, refetched on realtime events), the selection,
// the viewer, and the actions.
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { DiaryContractOption, TzMode } from "@/lib/diary/types";
import { unpackDiaryDay, type PackedDiaryDay } from "@/lib/diary/packed-day";
import { addDays } from "@/lib/diary/zone";
import { ApiClientError } from "@/lib/queries/api-client";
import { useDiaryDay, useDiaryLive, usePrefetchDiaryDay, type DiaryView } from "@/lib/queries/diary";
import { DiaryActions, type Verdict } from "./diary-actions";
import { DiaryGrid, focusCell } from "./diary-grid";
import { DiaryToolbar, longDay } from "./diary-toolbar";
import { DayTotals } from "./day-totals";
import { ScreenshotViewer } from "./screenshot-viewer";

export interface WorkDiaryProps {
  contracts: DiaryContractOption[];
  /** the server's first render of the day, packed for a lighter payload */
  packed: PackedDiaryDay;
  myZone: string;
  /** draw every hour (the URL's hours=all) rather than fold runs of empty hours */
  showEmpty?: boolean;
  /** shown under the title while this contract is on screen (R14.4: the freelancer's view of the client's billing) */
  notice?: { contractId: string; content: React.ReactNode };
}

const EMPTY: ReadonlySet<string> = new Set();

/** Choice: the view is kept in the URL with replaceState, so a reload or a shared link shows the same day, without one history entry per click. */
function writeUrl(v: DiaryView): void {
  const url = new URL(window.location.href);
  url.searchParams.set("contract", v.contractId);
  url.searchParams.set("day", v.day);
  url.searchParams.set("tz", v.tz);
  window.history.replaceState(window.history.state, "", url);
}

/** Choice: empty hours are folded by default, for everyone; "Show empty hours" is kept in the URL (hours=all) like the rest of the view. */
function writeShowEmpty(show: boolean): void {
  const url = new URL(window.location.href);
  if (show) url.searchParams.set("hours", "all");
  else url.searchParams.delete("hours");
  window.history.replaceState(window.history.state, "", url);
}

export function WorkDiary({ contracts, packed, myZone, showEmpty: showEmptyAtFirst = false, notice }: WorkDiaryProps) {
  const [showEmpty, setShowEmpty] = useState(showEmptyAtFirst);
  const toggleEmpty = useCallback((show: boolean) => {
    writeShowEmpty(show);
    setShowEmpty(show);
  }, []);
  const initial = useMemo(() => unpackDiaryDay(packed), [packed]);
  const [view, setView] = useState<DiaryView>({ contractId: initial.contract.id, day: initial.day, tz: initial.tz });
  const query = useDiaryDay(view, initial);
  const data = query.data;
  useDiaryLive(view.contractId);
  const prefetch = usePrefetchDiaryDay();

  const [selected, setSelected] = useState<ReadonlySet<string>>(EMPTY);
  const [pending, setPending] = useState<ReadonlySet<string>>(EMPTY);
  const [viewer, setViewer] = useState<number | null>(null);
  const [verdict, setVerdict] = useState<Verdict>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);

  const showing = data && data.contract.id === view.contractId && data.day === view.day && data.tz === view.tz;

  const change = useCallback((next: Partial<DiaryView>) => {
    setView((v) => {
      const merged = { ...v, ...next };
      writeUrl(merged);
      return merged;
    });
    setSelected(EMPTY);
    setViewer(null);
    setVerdict(null);
  }, []);

  // The previous day is the likeliest next click: have it ready.
  useEffect(() => {
    if (showing) void prefetch({ ...view, day: addDays(view.day, -1) });
  }, [showing, view, prefetch]);

  const selectable = useMemo(() => {
    const map = new Set<string>();
    if (!data) return map;
    for (const s of data.segments) if (s.can.delete || s.can.dispute) map.add(s.slotStart);
    for (const row of data.rows) for (const c of row.cells) if (c.add) map.add(c.at);
    return map;
  }, [data]);
  const isSelectable = useCallback((at: string) => selectable.has(at), [selectable]);

  const toggle = useCallback((at: string) => {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(at)) next.delete(at);
      else next.add(at);
      return next;
    });
  }, []);
  const clear = useCallback(() => setSelected(EMPTY), []);
  const onPending = useCallback((ids: string[]) => setPending(new Set(ids)), []);

  // A refetch (live update, another tab) can take selected cells away: only what is still selectable counts.
  const chosen = useMemo<ReadonlySet<string>>(() => {
    const kept = [...selected].filter((at) => selectable.has(at));
    return kept.length === selected.size ? selected : new Set(kept);
  }, [selected, selectable]);

  const closeViewer = useCallback(() => {
    setViewer((index) => {
      const at = index === null ? null : data?.segments[index]?.slotStart;
      if (at) requestAnimationFrame(() => focusCell(at));
      return null;
    });
  }, [data]);

  if (!data) {
    return query.isError ? <DiaryError error={query.error} onRetry={() => void query.refetch()} /> : <DiarySkeleton />;
  }

  const hasTime = data.segments.length > 0;
  const canAddSomewhere = data.rows.some((r) => r.cells.some((c) => c.add));

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Work Diary</h1>
        <p className="text-slate-600">
          <span data-testid="diary-day-title">{longDay(data.day)}</span>
          {" · "}
          {data.zone === "UTC" ? "UTC" : data.zone}
          {data.hours !== 24 && <span className="ml-1 rounded bg-amber-100 px-1.5 text-sm text-amber-900">{data.hours}-hour day (daylight saving change)</span>}
          {data.contract.paused && <span className="ml-2 rounded bg-amber-100 px-1.5 text-sm text-amber-900">contract paused</span>}
          {data.contract.status === "ENDED" && <span className="ml-2 rounded bg-slate-200 px-1.5 text-sm">contract ended</span>}
        </p>
        {notice && notice.contractId === data.contract.id && <div className="mt-2">{notice.content}</div>}
      </div>

      <DiaryToolbar
        contracts={contracts}
        contractId={view.contractId}
        onContract={(contractId) => change({ contractId })}
        day={view.day}
        today={data.today}
        onDay={(day) => change({ day })}
        tz={view.tz}
        // Choice: switching the zone keeps the calendar date (12 June stays 12 June, in the new zone).
        onTz={(tz: TzMode) => change({ tz })}
        zones={{ mine: myZone, freelancer: data.contract.freelancerTimezone }}
        showFreelancerZone={data.viewer !== "freelancer"}
      />

      {query.isError && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-2 text-sm text-red-800">
          {query.error instanceof ApiClientError ? query.error.message : "The day could not be loaded."}{" "}
          <button type="button" className="font-medium underline" onClick={() => void query.refetch()}>
            Try again
          </button>
        </p>
      )}

      {data.contract.clientVerified === false && <UnverifiedPaymentNotice viewer={data.viewer} clientName={data.contract.clientName} />}

      <DayTotals totals={data.totals} week={data.week} proofHref={`/api/proof/${data.contract.id}/${data.week.weekStart.slice(0, 10)}`} />

      <DiaryActions data={data} selected={chosen} onClear={clear} onVerdict={setVerdict} onPending={onPending} confirmOpen={confirmOpen} setConfirmOpen={setConfirmOpen} />
      <div role="status" aria-live="polite" data-testid="diary-verdict" className={verdict ? `rounded border p-2 text-sm ${verdict.tone === "ok" ? "border-green-200 bg-green-50 text-green-900" : "border-amber-200 bg-amber-50 text-amber-900"}` : "sr-only"}>
        {verdict?.text}
      </div>

      {!showing && (
        <p className="text-sm text-slate-500" aria-live="polite">
          Loading {longDay(view.day)}…
        </p>
      )}

      {hasTime || canAddSomewhere ? (
        <>
          {!hasTime && <p className="text-sm text-slate-600">No time logged on this day yet. Select empty slots to add manual time.</p>}
          {hasTime && (
            <label className="flex w-fit items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" checked={showEmpty} onChange={(e) => toggleEmpty(e.target.checked)} className="h-4 w-4 accent-brand-600" />
              Show empty hours
            </label>
          )}
          <DiaryGrid
            data={data}
            selected={chosen}
            pending={pending}
            isSelectable={isSelectable}
            onToggle={toggle}
            onOpen={setViewer}
            onClear={clear}
            onDeleteKey={() => {
              if (data.viewer === "freelancer" && data.segments.some((s) => s.can.delete && chosen.has(s.slotStart))) setConfirmOpen(true);
            }}
            busy={!showing || query.isFetching}
            showEmpty={showEmpty}
            onShowEmpty={(at) => {
              toggleEmpty(true);
              if (at) requestAnimationFrame(() => focusCell(at));
            }}
          />
        </>
      ) : (
        <div data-testid="diary-empty" className={`rounded border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600 ${showing ? "" : "opacity-60"}`}>
          <p className="font-medium">No time logged on {longDay(data.day)}.</p>
          <p className="mt-1 text-sm">{data.day === data.today ? "Tracked time appears here as the tracker sends it." : "Pick another day, or go to today."}</p>
          {/* Choice: the freelancer is the one who tracks, so only they are offered the tracker here. */}
          {data.viewer === "freelancer" && (
            <p className="mt-3 text-sm">
              <Link href="/download" className="font-medium text-brand-700 underline">Download the tracker</Link> for Linux, or the script for any system with Node.
            </p>
          )}
        </div>
      )}

      <ScreenshotViewer data={data} index={viewer} onIndex={setViewer} onClose={closeViewer} selectable={isSelectable} selected={chosen} onToggle={toggle} />
    </div>
  );
}

/**
 * R5: without a verified payment method on the client's side no segment is protected. Said once
 * above the grid, not only in each segment's viewer. Choice: shown to every viewer of the
 * contract on every day, since it concerns the time logged from now on too.
 */
function UnverifiedPaymentNotice({ viewer, clientName }: { viewer: "client" | "freelancer" | "admin"; clientName: string }) {
  return (
    <p data-testid="unverified-payment" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
      <strong className="font-semibold">Not covered by Hourly Protection: </strong>
      {viewer === "client" ? "you have no verified payment method yet." : `${clientName} has no verified payment method yet.`}
    </p>
  );
}

function DiaryError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-6 text-center">
      <p className="font-medium text-red-800">The Work Diary could not be loaded.</p>
      <p className="mt-1 text-sm text-red-700">{error instanceof ApiClientError ? error.message : "Check your connection and try again."}</p>
      <button type="button" onClick={onRetry} className="mt-3 rounded bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">
        Try again
      </button>
    </div>
  );
}

/** The shape of the page while its first day loads (also the route's loading state). */
export function DiarySkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the Work Diary">
      <div className="h-8 w-48 animate-pulse rounded bg-slate-200" />
      <div className="h-10 w-full max-w-xl animate-pulse rounded bg-slate-200" />
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-5">
        {Array.from({ length: 5 }, (_, k) => (
          <div key={k} className="h-14 animate-pulse rounded bg-slate-200" />
        ))}
      </div>
      <div className="space-y-2 rounded border border-slate-200 bg-white p-3">
        {Array.from({ length: 6 }, (_, k) => (
          <div key={k} className="grid grid-cols-3 gap-2 sm:grid-cols-6">
            {Array.from({ length: 6 }, (_, j) => (
              <div key={j} className={`h-24 animate-pulse rounded bg-slate-100 ${j >= 3 ? "hidden sm:block" : ""}`} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

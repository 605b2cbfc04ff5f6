"use client";
// One segment up close: the full screenshot, next/previous, per-minute keyboard and mouse
// counts, and its Hourly Protection verdict (R5) with the reasons.
import dynamic from "next/dynamic";
import { useEffect, type KeyboardEvent } from "react";
import type { DiaryDay } from "@/lib/diary/types";
import { screenshotPath } from "@/lib/diary/paths";
import { ActivityMeter } from "./activity-meter";
import { Modal } from "./modal";
import { KeyId } from "./week-seal";
import { DISPUTE_STYLE, DISPUTE_TEXT, PROTECTION_TEXT, slotEnd } from "./labels";

const ActivityChart = dynamic(() => import("./activity-chart"), {
  ssr: false,
  loading: () => <div className="h-48 w-full animate-pulse rounded bg-slate-100" aria-label="Loading the activity chart" />,
});

const CLASS_TEXT = { billable: "Billed", manual: "Billed (manual time)", over_limit: "Over the weekly limit: not billed" } as const;

export interface ScreenshotViewerProps {
  data: DiaryDay;
  index: number | null;
  onIndex: (index: number) => void;
  onClose: () => void;
  /** the viewer may select this segment (for deletion or a dispute) */
  selectable: (at: string) => boolean;
  selected: ReadonlySet<string>;
  onToggle: (at: string) => void;
}

/**
 * Fetches the previous and next segments' full screenshots while one is shown, so stepping
 * through the day shows each at once: the route lets the browser keep them (immutable, private).
 */
function usePreloadNeighbours(data: DiaryDay, index: number | null): void {
  const previous = index === null ? undefined : data.segments[index - 1];
  const next = index === null ? undefined : data.segments[index + 1];
  const urls = [next, previous].flatMap((s) => (s?.screenshot ? [screenshotPath(s.id, "full")] : [])).join(" ");
  useEffect(() => {
    if (!urls) return;
    // Not cancelled when the viewer moves on: the image shown next may be one of these, in flight.
    for (const url of urls.split(" ")) {
      const image = new Image();
      image.decoding = "async";
      image.src = url;
    }
  }, [urls]);
}

export function ScreenshotViewer({ data, index, onIndex, onClose, selectable, selected, onToggle }: ScreenshotViewerProps) {
  usePreloadNeighbours(data, index);
  const segment = index === null ? null : (data.segments[index] ?? null);
  const count = data.segments.length;
  const time = segment ? (data.rows.flatMap((r) => r.cells).find((c) => c.at === segment.slotStart)?.time ?? segment.slotStart.slice(11, 16)) : "";
  const go = (delta: number) => {
    if (index === null) return;
    const next = index + delta;
    if (next >= 0 && next < count) onIndex(next);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "ArrowRight") {
      e.preventDefault();
      go(1);
    } else if (e.key === "ArrowLeft") {
      e.preventDefault();
      go(-1);
    }
  };
  const title = segment ? `${time}–${slotEnd(time)} · ${data.day}${data.zone === "UTC" ? " UTC" : ` (${data.zone})`}` : "Segment";
  return (
    <Modal open={segment !== null} onClose={onClose} title={title} wide onKeyDown={onKeyDown}>
      {segment && (
        <div className="grid gap-4 lg:grid-cols-[3fr_2fr]" data-testid="screenshot-viewer">
          <div className="space-y-2">
            {segment.kind === "MANUAL" ? (
              <div className="flex aspect-[16/10] w-full flex-col items-center justify-center rounded border border-indigo-200 p-6 text-center text-indigo-900" style={{ backgroundImage: "repeating-linear-gradient(135deg, #e0e7ff 0 8px, #f8fafc 8px 16px)" }}>
                <span className="text-sm font-semibold uppercase tracking-wide">Manual time</span>
                <span className="mt-1">{segment.memo}</span>
                {/* R3.3 */}
                <span className="mt-2 text-xs">No screenshot and no activity are recorded for manual time.</span>
              </div>
            ) : segment.screenshot ? (
              // eslint-disable-next-line @next/next/no-img-element -- a private image behind auth, shown at its own size
              <img
                key={segment.id}
                src={screenshotPath(segment.id, "full")}
                alt={`Screenshot taken at ${segment.screenshot.takenAt.slice(11, 19)} UTC${segment.memo ? ` while working on ${segment.memo}` : ""}`}
                width={segment.screenshot.width}
                height={segment.screenshot.height}
                className="max-h-[60vh] w-full rounded border border-slate-200 bg-slate-100 object-contain"
              />
            ) : (
              <div className="flex aspect-[16/10] w-full items-center justify-center rounded bg-slate-100 text-slate-500">No screenshot</div>
            )}
            <div className="flex items-center justify-between gap-2">
              <button type="button" onClick={() => go(-1)} disabled={index === 0} className="rounded border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50">
                ‹ Previous
              </button>
              <span className="text-sm text-slate-600" aria-live="polite">
                {(index ?? 0) + 1} of {count}
              </span>
              <button type="button" onClick={() => go(1)} disabled={index === count - 1} className="rounded border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50">
                Next ›
              </button>
            </div>
          </div>
          <div className="space-y-4 text-sm">
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <dt className="text-slate-500">Memo</dt>
              <dd>{segment.memo || <em className="text-slate-500">none</em>}</dd>
              <dt className="text-slate-500">Time</dt>
              <dd className={segment.class === "over_limit" ? "font-medium text-red-700" : ""}>{CLASS_TEXT[segment.class]}</dd>
              {segment.screenshot && (
                <>
                  <dt className="text-slate-500">Screenshot</dt>
                  <dd>taken {segment.screenshot.takenAt.slice(11, 19)} UTC</dd>
                </>
              )}
              {segment.kind === "TRACKED" && (
                <>
                  <dt className="text-slate-500">Activity</dt>
                  <dd className="flex items-center gap-2">
                    <ActivityMeter level={segment.activityLevel} look={segment.look} className="max-w-32" />
                    <span>{segment.activityLevel} of 10 minutes</span>
                  </dd>
                </>
              )}
              {/* R15.1 the signature the portal checked when it stored the segment */}
              <dt className="text-slate-500">Signature</dt>
              <dd data-testid="segment-signature">
                {segment.signedBy === null ? (
                  <span className="text-slate-500">none (recorded before signatures)</span>
                ) : (
                  <span className="text-green-800">
                    ✓ {segment.kind === "MANUAL" ? "signed by the portal" : "signed by the tracker"}, key <KeyId id={segment.signedBy} />
                  </span>
                )}
              </dd>
              {segment.dispute && (
                <>
                  <dt className="text-slate-500">Dispute</dt>
                  <dd>
                    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${DISPUTE_STYLE[segment.dispute.status]}`}>{DISPUTE_TEXT[segment.dispute.status]}</span>{" "}
                    <span className="text-slate-500">{segment.dispute.referenceId}</span>
                  </dd>
                </>
              )}
            </dl>
            <section aria-labelledby="protection-heading" data-testid="protection" className={`rounded border p-3 ${segment.protection.protected ? "border-green-200 bg-green-50" : "border-amber-200 bg-amber-50"}`}>
              <h3 id="protection-heading" className="font-semibold">
                {segment.protection.protected ? "✓ Covered by Hourly Protection" : "Not covered by Hourly Protection"}
              </h3>
              {segment.protection.failures.length > 0 && (
                <ul className="mt-1 list-disc pl-5">
                  {segment.protection.failures.map((f) => (
                    <li key={f}>{PROTECTION_TEXT[f]}</li>
                  ))}
                </ul>
              )}
            </section>
            {segment.kind === "TRACKED" && (
              <section aria-label="Keyboard and mouse per minute">
                <h3 className="mb-1 font-semibold">Keyboard and mouse per minute</h3>
                <ActivityChart start={time} keyboard={segment.keyboardCounts} mouse={segment.mouseCounts} />
                <table className="sr-only">
                  <caption>Events per minute</caption>
                  <thead>
                    <tr>
                      <th>Minute</th>
                      <th>Keyboard</th>
                      <th>Mouse</th>
                    </tr>
                  </thead>
                  <tbody>
                    {segment.keyboardCounts.map((k, i) => (
                      <tr key={i}>
                        <td>{i + 1}</td>
                        <td>{k}</td>
                        <td>{segment.mouseCounts[i] ?? 0}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}
            {selectable(segment.slotStart) && (
              <button type="button" onClick={() => onToggle(segment.slotStart)} aria-pressed={selected.has(segment.slotStart)} className="rounded border border-sky-600 px-3 py-1.5 font-medium text-sky-700 hover:bg-sky-50">
                {selected.has(segment.slotStart) ? "✓ Selected" : "Select"}
              </button>
            )}
          </div>
        </div>
      )}
    </Modal>
  );
}

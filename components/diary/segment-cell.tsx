"use client";
// One 10-minute cell of the grid: a segment (thumbnail, activity meter, look, memo, dispute) or
// an empty slot (a gap; for the freelancer, somewhere to add manual time).
import { memo, type CSSProperties, type MouseEvent } from "react";
import type { DiaryCell, DiarySegment } from "@/lib/diary/types";
import type { MemoLabel } from "@/lib/diary/grid";
import { ActivityMeter } from "./activity-meter";
import { DISPUTE_STYLE, DISPUTE_TEXT, cellLabel } from "./labels";

// Desktop: six cells in a row at their minute's column. Phone: three per line, wrapping.
const DESKTOP_COL = ["sm:col-start-1", "sm:col-start-2", "sm:col-start-3", "sm:col-start-4", "sm:col-start-5", "sm:col-start-6"];
const PHONE_COL = ["col-start-1", "col-start-2", "col-start-3", "col-start-1", "col-start-2", "col-start-3"];
// A row without segments is one line of six small gaps on every screen.
const COMPACT_COL = ["col-start-1", "col-start-2", "col-start-3", "col-start-4", "col-start-5", "col-start-6"];

const BORDER = {
  green: "border-green-500",
  yellow: "border-yellow-400",
  over_limit: "border-red-500 bg-red-50",
  manual: "border-indigo-300",
} as const;

const HATCH: CSSProperties = { backgroundImage: "repeating-linear-gradient(135deg, #e0e7ff 0 6px, #f8fafc 6px 12px)" };

const GAP_REM = 0.5;
const spanWidth = (span: number) => `calc(${span * 100}% + ${(span - 1) * GAP_REM}rem)`;

export interface SegmentCellProps {
  cell: DiaryCell;
  segment: DiarySegment | null;
  /** the label starting here on a wide screen (6 per line) and on a phone (3 per line) */
  label: MemoLabel | null;
  phoneLabel: MemoLabel | null;
  /** a row with no segments is drawn low */
  compact: boolean;
  selectable: boolean;
  selected: boolean;
  focusable: boolean;
  pending: boolean;
  /** eager-load this thumbnail (the first ones on screen), lazy otherwise */
  eager: boolean;
  onOpen: (segmentIndex: number) => void;
  onToggle: (at: string) => void;
  onFocusCell: (at: string) => void;
  register: (at: string, el: HTMLDivElement | null) => void;
}

function SegmentCellView(p: SegmentCellProps) {
  const { cell, segment } = p;
  const look = segment?.look;
  const click = (e: MouseEvent) => {
    if (segment && !(e.ctrlKey || e.metaKey || e.shiftKey)) p.onOpen(cell.seg as number);
    else if (p.selectable) p.onToggle(cell.at);
  };
  const toggle = (e: MouseEvent) => {
    e.stopPropagation();
    p.onToggle(cell.at);
  };
  const body = segment ? (
    <div className={`relative flex h-full flex-col overflow-hidden rounded border-2 ${BORDER[segment.look]} ${p.pending ? "opacity-40" : ""}`}>
      {segment.kind === "MANUAL" ? (
        <div className="flex aspect-[16/10] w-full flex-col justify-center px-2 text-xs text-indigo-900" style={HATCH}>
          <span className="font-semibold uppercase tracking-wide">Manual</span>
          <span className="line-clamp-2" data-testid="manual-memo">{segment.memo}</span>
        </div>
      ) : segment.screenshot ? (
        // eslint-disable-next-line @next/next/no-img-element -- private, already-small WebP thumbnails behind auth
        <img
          src={segment.screenshot.thumbUrl}
          alt=""
          width={320}
          height={Math.round((320 * segment.screenshot.height) / segment.screenshot.width)}
          loading={p.eager ? "eager" : "lazy"}
          decoding="async"
          fetchPriority={p.eager ? "high" : "auto"}
          className="aspect-[16/10] w-full bg-slate-100 object-cover"
        />
      ) : (
        <div className="flex aspect-[16/10] w-full items-center justify-center bg-slate-100 text-xs text-slate-500">No screenshot</div>
      )}
      <div className="flex flex-col gap-1 px-1.5 py-1">
        <div className="flex items-center justify-between gap-1 text-xs">
          <span className="font-medium tabular-nums">{cell.time}</span>
          {segment.class === "over_limit" && <span className="font-semibold text-red-700">Over limit · not billed</span>}
        </div>
        {segment.kind === "TRACKED" && <ActivityMeter level={segment.activityLevel} look={segment.look} />}
        {segment.dispute && (
          <span data-testid="dispute-status" className={`truncate rounded px-1 text-[11px] font-medium ${DISPUTE_STYLE[segment.dispute.status]}`}>
            {DISPUTE_TEXT[segment.dispute.status]}
          </span>
        )}
      </div>
    </div>
  ) : (
    <div
      className={`flex h-full items-center justify-center rounded border border-dashed text-xs tabular-nums ${p.compact ? "min-h-8 text-[10px] sm:min-h-9 sm:text-xs" : "aspect-[16/10] sm:aspect-auto"} ${
        p.selected ? "border-sky-500 bg-sky-50 text-sky-800" : p.selectable ? "border-indigo-300 text-indigo-700 hover:bg-indigo-50" : "border-slate-200 text-slate-400"
      } ${cell.future ? "opacity-50" : ""}`}
    >
      {cell.time}
      {p.selectable && (
        <span className={`ml-1 ${p.selected ? "font-bold text-sky-700" : ""}`} aria-hidden>
          {p.selected ? "✓" : "+"}
        </span>
      )}
    </div>
  );
  return (
    <div
      ref={(el) => p.register(cell.at, el)}
      role="gridcell"
      tabIndex={p.focusable ? 0 : -1}
      aria-selected={p.selectable ? p.selected : undefined}
      aria-label={cellLabel(cell, segment)}
      data-testid="diary-cell"
      data-slot={cell.at}
      data-look={look ?? "empty"}
      data-kind={segment?.kind ?? "EMPTY"}
      onClick={click}
      onFocus={() => p.onFocusCell(cell.at)}
      className={`relative flex min-w-0 cursor-default flex-col rounded outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2 ${p.compact ? COMPACT_COL[cell.i] : `${PHONE_COL[cell.i]} ${DESKTOP_COL[cell.i]}`} ${
        p.selected ? "ring-2 ring-sky-500 ring-offset-1" : ""
      } ${segment ? "cursor-pointer" : p.selectable ? "cursor-pointer" : ""}`}
    >
      {!p.compact && (
        <div className="relative h-5 text-xs" aria-hidden>
          {p.label && (
            <span data-testid="memo-label" className="absolute left-0 top-0 z-10 hidden truncate border-b border-slate-300 pr-1 font-medium text-slate-700 sm:block" style={{ width: spanWidth(p.label.span) }} title={p.label.memo || "No memo"}>
              {p.label.memo || <em className="font-normal text-slate-500">No memo</em>}
            </span>
          )}
          {p.phoneLabel && (
            <span className="absolute left-0 top-0 z-10 truncate border-b border-slate-300 pr-1 font-medium text-slate-700 sm:hidden" style={{ width: spanWidth(p.phoneLabel.span) }} title={p.phoneLabel.memo || "No memo"}>
              {p.phoneLabel.memo || <em className="font-normal text-slate-500">No memo</em>}
            </span>
          )}
        </div>
      )}
      <div className="relative flex-1">
        {body}
        {p.selectable && segment && (
          <span
            aria-hidden
            onClick={toggle}
            className={`absolute right-1 top-1 flex h-5 w-5 items-center justify-center rounded border text-xs font-bold ${p.selected ? "border-sky-600 bg-sky-600 text-white" : "border-slate-400 bg-white/90 text-transparent hover:border-sky-600"}`}
          >
            ✓
          </span>
        )}
      </div>
    </div>
  );
}

export const SegmentCell = memo(SegmentCellView);

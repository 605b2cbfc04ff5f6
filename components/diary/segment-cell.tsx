"use client";
// One 10-minute cell of the grid: a segment (thumbnail, activity meter, look, memo, dispute) or
// an empty slot (a gap; for the freelancer, somewhere to add manual time). A few elements each,
// styled by diary-grid.module.css: a day has up to 150 of them.
import { memo, useRef, type CSSProperties, type MouseEvent } from "react";
import type { DiaryLook } from "@/lib/billing";
import type { DiaryCell, DiarySegment } from "@/lib/diary/types";
import type { MemoLabel } from "@/lib/diary/grid";
import { screenshotPath } from "@/lib/diary/paths";
import { DISPUTE_TEXT, OVER_LIMIT_TEXT, cellLabel } from "./labels";
import { useNearViewport } from "./use-near-viewport";
import s from "./diary-grid.module.css";

const POSITION = [s.p0, s.p1, s.p2, s.p3, s.p4, s.p5];
const LOOK: Record<DiaryLook, string | undefined> = { green: s.green, yellow: s.yellow, over_limit: s.over, manual: s.manual };
const DISPUTE: Record<string, string | undefined> = { OPEN: s.d_OPEN, ESCALATED: s.d_ESCALATED, ACCEPTED: s.d_ACCEPTED, RESOLVED: s.d_RESOLVED, WITHDRAWN: s.d_WITHDRAWN };

export interface SegmentCellProps {
  cell: DiaryCell;
  segment: DiarySegment | null;
  /** the memo label starting here: on a wide screen (six cells a line) and on a phone (three) */
  label: MemoLabel | null;
  phoneLabel: MemoLabel | null;
  /** a row without segments: no memo line */
  compact: boolean;
  selectable: boolean;
  selected: boolean;
  focusable: boolean;
  pending: boolean;
  /** load this thumbnail at once (the first ones on screen), lazily otherwise */
  eager: boolean;
  onOpen: (segmentIndex: number) => void;
  onToggle: (at: string) => void;
  onFocusCell: (at: string) => void;
  register: (at: string, el: HTMLDivElement | null) => void;
}

function SegmentCellView(p: SegmentCellProps) {
  const { cell, segment } = p;
  const boxRef = useRef<HTMLDivElement>(null);
  const lazy = !p.eager && segment?.screenshot != null;
  const near = useNearViewport(boxRef, lazy);
  const click = (e: MouseEvent) => {
    if (segment && !(e.ctrlKey || e.metaKey || e.shiftKey)) p.onOpen(cell.seg as number);
    else if (p.selectable) p.onToggle(cell.at);
  };
  const tick = (e: MouseEvent) => {
    e.stopPropagation();
    p.onToggle(cell.at);
  };
  const className = [
    s.cell,
    POSITION[cell.i],
    segment ? LOOK[segment.look] : p.selectable ? s.add : undefined,
    cell.future ? s.future : undefined,
    segment || p.selectable ? s.pick : undefined,
    p.pending ? s.pending : undefined,
  ]
    .filter(Boolean)
    .join(" ");
  // Desktop label starts are a subset of the phone's (a phone line also cuts runs at the 4th cell).
  const label = p.phoneLabel;
  return (
    <div
      ref={(el) => p.register(cell.at, el)}
      role="gridcell"
      tabIndex={p.focusable ? 0 : -1}
      aria-selected={p.selectable ? p.selected : undefined}
      aria-label={cellLabel(cell, segment, label ? label.memo : null)}
      data-testid="diary-cell"
      data-slot={cell.at}
      data-look={segment?.look ?? "empty"}
      data-kind={segment?.kind ?? "EMPTY"}
      onClick={click}
      onFocus={() => p.onFocusCell(cell.at)}
      className={className}
    >
      {label && (
        <span
          aria-hidden
          data-testid="memo-label"
          className={p.label ? s.lab : `${s.lab} ${s.phoneOnly}`}
          style={{ "--wp": label.span, "--w": p.label?.span ?? 1 } as CSSProperties}
          title={label.memo || "No memo"}
        >
          {label.memo || <em className={s.none}>No memo</em>}
        </span>
      )}
      {segment ? (
        <div className={s.box} ref={boxRef}>
          {segment.kind === "MANUAL" ? (
            <div className={s.hatch}>
              <b>Manual</b>
              <span data-testid="manual-memo">{segment.memo}</span>
            </div>
          ) : segment.screenshot ? (
            // eslint-disable-next-line @next/next/no-img-element -- private, already-small WebP thumbnails behind auth
            <img
              className={s.thumb}
              src={!lazy || near ? screenshotPath(segment.id, "thumb") : undefined}
              alt=""
              width={320}
              height={Math.round((320 * segment.screenshot.height) / segment.screenshot.width)}
              loading={p.eager ? "eager" : "lazy"}
              data-lazy={lazy ? (near ? "loaded" : "waiting") : undefined}
              fetchPriority={p.eager ? "high" : undefined}
              decoding="async"
            />
          ) : (
            <div className={s.noshot}>No screenshot</div>
          )}
          <div className={segment.kind === "TRACKED" ? `${s.ft} ${s.meter}` : s.ft} style={segment.kind === "TRACKED" ? ({ "--l": `${segment.activityLevel * 10}%` } as CSSProperties) : undefined}>
            {cell.time}
            {segment.class === "over_limit" && <b className={s.ol}>{OVER_LIMIT_TEXT}</b>}
          </div>
          {segment.dispute && (
            <span data-testid="dispute-status" className={`${s.dsp} ${DISPUTE[segment.dispute.status]}`}>
              {DISPUTE_TEXT[segment.dispute.status]}
            </span>
          )}
          {p.selectable && <span aria-hidden className={s.tick} onClick={tick} />}
        </div>
      ) : (
        <div className={s.gap}>{cell.time}</div>
      )}
    </div>
  );
}

export const SegmentCell = memo(SegmentCellView);

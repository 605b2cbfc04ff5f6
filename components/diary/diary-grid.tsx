"use client";
// The day as hourly rows of six 10-minute cells, one tab stop: arrow keys move between cells,
// Space selects, Enter opens the viewer, Escape clears the selection, Delete asks to delete it.
// Runs of empty hours are folded into one line each unless `showEmpty` (lib/diary/grid foldEmptyHours).
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { DiaryDay } from "@/lib/diary/types";
import { foldEmptyHours, isGridKey, memoLabels, moveFocus, type GridLine } from "@/lib/diary/grid";
import { SegmentCell } from "./segment-cell";
import css from "./diary-grid.module.css";

const EAGER_THUMBNAILS = 6;

export interface DiaryGridProps {
  data: DiaryDay;
  selected: ReadonlySet<string>;
  pending: ReadonlySet<string>;
  isSelectable: (at: string) => boolean;
  onToggle: (at: string) => void;
  onOpen: (segmentIndex: number) => void;
  onClear: () => void;
  onDeleteKey: () => void;
  busy: boolean;
  /** every hour, or runs of empty hours folded */
  showEmpty: boolean;
  /** shows every hour; `at` is the first slot of the folded run that asked (focus goes there) */
  onShowEmpty: (at?: string) => void;
}

export function DiaryGrid({ data, selected, pending, isSelectable, onToggle, onOpen, onClear, onDeleteKey, busy, showEmpty, onShowEmpty }: DiaryGridProps) {
  const refs = useRef(new Map<string, HTMLDivElement>());
  const [focusAt, setFocusAt] = useState<string | null>(null);
  const lines = useMemo<GridLine[]>(() => (showEmpty ? data.rows.map((_, row) => ({ kind: "hour", row })) : foldEmptyHours(data.rows)), [data.rows, showEmpty]);
  // The hours on screen: the keyboard moves through these only (a folded hour has no cells to focus).
  const shown = useMemo(() => lines.flatMap((l) => (l.kind === "hour" ? [data.rows[l.row]!] : [])), [lines, data.rows]);
  const positions = useMemo(() => shown.map((r) => r.cells.map((c) => c.i)), [shown]);
  const index = useMemo(() => {
    const m = new Map<string, { row: number; cell: number }>();
    shown.forEach((r, row) => r.cells.forEach((c, cell) => m.set(c.at, { row, cell })));
    return m;
  }, [shown]);
  const labels = useMemo(
    () =>
      data.rows.map((r) => {
        const cells = r.cells.map((c) => ({ i: c.i, memo: c.seg === null ? null : (data.segments[c.seg]?.memo ?? null) }));
        return { wide: memoLabels(cells, 6), phone: memoLabels(cells, 3) };
      }),
    [data.rows, data.segments],
  );
  const eager = useMemo(() => new Set(data.segments.filter((s) => s.screenshot).slice(0, EAGER_THUMBNAILS).map((s) => s.slotStart)), [data.segments]);

  // The one cell in the tab order: the last focused, else the first segment, else the first slot.
  const firstSegment = data.segments[0]?.slotStart;
  const current = focusAt && index.has(focusAt) ? focusAt : firstSegment && index.has(firstSegment) ? firstSegment : (shown[0]?.cells[0]?.at ?? null);

  const register = useCallback((at: string, el: HTMLDivElement | null) => {
    if (el) refs.current.set(at, el);
    else refs.current.delete(at);
  }, []);
  const onFocusCell = useCallback((at: string) => setFocusAt(at), []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (!current) return;
    const from = index.get(current);
    if (!from) return;
    if (isGridKey(e.key)) {
      e.preventDefault();
      const to = moveFocus(positions, from, e.key, e.ctrlKey || e.metaKey);
      const at = shown[to.row]?.cells[to.cell]?.at;
      if (at) {
        setFocusAt(at);
        refs.current.get(at)?.focus();
      }
      return;
    }
    const cell = shown[from.row]?.cells[from.cell];
    if (!cell) return;
    if (e.key === " ") {
      e.preventDefault();
      if (isSelectable(cell.at)) onToggle(cell.at);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (cell.seg !== null) onOpen(cell.seg);
      else if (isSelectable(cell.at)) onToggle(cell.at);
    } else if (e.key === "Escape") {
      onClear();
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      onDeleteKey();
    }
  }

  return (
    <div
      role="grid"
      aria-label={`Work Diary, ${data.day}, ${data.zone}`}
      aria-rowcount={lines.length}
      aria-multiselectable
      aria-busy={busy}
      onKeyDown={onKeyDown}
      data-testid="diary-grid"
      className={busy ? `${css.grid} ${css.busy}` : css.grid}
    >
      {lines.map((line, n) => {
        if (line.kind === "fold") {
          const text = `No time tracked ${line.from}–${line.to}`;
          return (
            <div role="row" key={`fold-${data.rows[line.first]?.cells[0]?.at ?? n}`} aria-rowindex={n + 1} className={`${css.row} ${css.fold}`} data-testid="folded-hours">
              <div role="gridcell" className={css.foldCell}>
                <button type="button" onClick={() => onShowEmpty(data.rows[line.first]?.cells[0]?.at)} className={css.foldButton} aria-label={`${text}, show the empty hours`}>
                  <span>{text}</span>
                  <span className={css.foldShow}>Show</span>
                </button>
              </div>
            </div>
          );
        }
        const r = line.row;
        const row = data.rows[r]!;
        const compact = row.cells.every((c) => c.seg === null);
        return (
          <div role="row" key={row.cells[0]?.at ?? r} aria-rowindex={n + 1} className={compact ? `${css.row} ${css.compact}` : css.row}>
            <div role="rowheader" className={css.hour}>
              <span>{row.label}</span>
              {row.note && <span className={css.note}>{row.note}</span>}
            </div>
            <div className={css.cells}>
              {row.cells.map((cell, k) => {
                const segment = cell.seg === null ? null : (data.segments[cell.seg] ?? null);
                return (
                  <SegmentCell
                    key={cell.at}
                    cell={cell}
                    segment={segment}
                    label={labels[r]?.wide[k] ?? null}
                    phoneLabel={labels[r]?.phone[k] ?? null}
                    compact={compact}
                    selectable={isSelectable(cell.at)}
                    selected={selected.has(cell.at)}
                    focusable={cell.at === current}
                    pending={segment !== null && pending.has(segment.id)}
                    eager={eager.has(cell.at)}
                    onOpen={onOpen}
                    onToggle={onToggle}
                    onFocusCell={onFocusCell}
                    register={register}
                  />
                );
              })}
            </div>
          </div>
        );
      })}
    </div>
  );
}

/** Puts keyboard focus on the cell of a slot (after the viewer closes on another segment). */
export function focusCell(at: string): void {
  const el = document.querySelector<HTMLElement>(`[role="gridcell"][data-slot="${at}"]`);
  el?.focus();
}

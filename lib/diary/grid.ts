// The Work Diary's arithmetic, pure: which segments are billed (through lib/billing), the day's
// and the week's totals, where memo labels go, and how focus moves through the grid.
import {
  classifyContractWeekWithLimit,
  effectiveWeeklyLimitHours,
  isBillingError,
  weekStartOf,
  SLOT_MINUTES,
  type SegmentClass,
  type WeeklyLimitHours,
} from "@/lib/billing";
import { toLimitChanges, type LimitRow } from "@/lib/contracts/limits";
import type { DayTotals } from "./types";

export interface ClassifiableSegment {
  slotStart: Date;
  manual: boolean;
}

/**
 * R4.3 the limit in effect for a week, from the contract's limit history.
 * Choice: a contract with no recorded limit has no limit, and a week before the first recorded
 * change takes the first one (the limit the contract was created with).
 */
export function weekLimitHours(rows: readonly LimitRow[], weekStart: Date): WeeklyLimitHours {
  const changes = toLimitChanges(rows);
  if (changes.length === 0) return null;
  try {
    return effectiveWeeklyLimitHours(changes, weekStart);
  } catch (error) {
    if (isBillingError(error) && error.code === "INVALID_LIMIT_HISTORY") return changes[0]!.limitHours;
    throw error;
  }
}

export interface ClassifiedRange {
  /** slot start (ms) -> class, for every segment given */
  classes: Map<number, SegmentClass>;
  /** week start (ms) -> the limit in minutes in effect that week (null = none) */
  limits: Map<number, number | null>;
}

/**
 * R4.2 classifies chronological segments that may span several work weeks (a day read in a
 * zone other than UTC can straddle Monday 00:00 UTC). Each week is classified on its own, from
 * its first segment, so the segments given must include every live segment of each week from
 * that week's start (or the week's start up to the end of the range of interest).
 */
export function classifySegments(segments: readonly ClassifiableSegment[], limitRows: readonly LimitRow[]): ClassifiedRange {
  const classes = new Map<number, SegmentClass>();
  const limits = new Map<number, number | null>();
  let i = 0;
  while (i < segments.length) {
    const weekStart = weekStartOf(segments[i]!.slotStart);
    const weekEnd = weekStart.getTime() + 7 * 86_400_000;
    let j = i;
    while (j < segments.length && segments[j]!.slotStart.getTime() < weekEnd) j++;
    const week = segments.slice(i, j);
    const limitHours = weekLimitHours(limitRows, weekStart);
    const result = classifyContractWeekWithLimit({ weekStart, segments: week, limitHours });
    week.forEach((s, k) => classes.set(s.slotStart.getTime(), result.classes[k]!));
    limits.set(weekStart.getTime(), limitHours === null ? null : limitHours * 60);
    i = j;
  }
  return { classes, limits };
}

export interface TotalsInput {
  manual: boolean;
  class: SegmentClass;
}

/** Minutes tracked, manual, over the limit and billable, over any set of classified segments. */
export function totalsOf(segments: readonly TotalsInput[]): DayTotals {
  let tracked = 0;
  let manual = 0;
  let over = 0;
  for (const s of segments) {
    if (s.manual) manual++;
    else tracked++;
    if (s.class === "over_limit") over++;
  }
  return {
    trackedMinutes: tracked * SLOT_MINUTES,
    manualMinutes: manual * SLOT_MINUTES,
    overLimitMinutes: over * SLOT_MINUTES,
    billableMinutes: (tracked + manual - over) * SLOT_MINUTES,
    loggedMinutes: (tracked + manual) * SLOT_MINUTES,
  };
}

/**
 * Choice: a local day that straddles two work weeks (zones other than UTC, around Monday) is
 * counted in the week holding its middle, which is the week most of its hours belong to.
 */
export function weekOfDay(dayStartMs: number, dayEndMs: number): Date {
  return weekStartOf(new Date(dayStartMs + Math.floor((dayEndMs - dayStartMs) / 2)));
}

// ------------------------------------------------------------------ memo labels

export interface MemoCell {
  /** position 0..5 in the row */
  i: number;
  /** the memo of the segment in this cell, or null for an empty slot */
  memo: string | null;
}

export interface MemoLabel {
  memo: string;
  /** how many cells the label covers from here */
  span: number;
}

/**
 * Where the "memo above each run of segments" goes: a run is consecutive cells of one row with
 * segments of the same memo. A label starts each run and covers it; a run is cut where a line of
 * `perLine` cells ends (the grid wraps on a phone), and the cut part gets a label of its own.
 * Returns one entry per cell, in order: the label starting there, or null.
 */
export function memoLabels(cells: readonly MemoCell[], perLine: number): Array<MemoLabel | null> {
  const out: Array<MemoLabel | null> = cells.map(() => null);
  let k = 0;
  while (k < cells.length) {
    const cell = cells[k]!;
    if (cell.memo === null) {
      k++;
      continue;
    }
    let end = k + 1;
    while (end < cells.length) {
      const next = cells[end]!;
      const prev = cells[end - 1]!;
      if (next.memo !== cell.memo || next.i !== prev.i + 1 || Math.floor(next.i / perLine) !== Math.floor(cell.i / perLine)) break;
      end++;
    }
    out[k] = { memo: cell.memo, span: end - k };
    k = end;
  }
  return out;
}

// ------------------------------------------------------------------ keyboard

export interface GridPosition {
  row: number;
  /** index into the row's cells (not the 0..5 position) */
  cell: number;
}

export type GridKey = "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Home" | "End" | "PageUp" | "PageDown";

const PAGE_ROWS = 6;

/**
 * Where focus goes for a key, in a grid whose rows hold cells at positions `rows[r]` (each 0..5,
 * ascending). Left/right run through the day in time order (wrapping to the next or previous
 * hour); up/down keep the column (the nearest cell when a row is short); Home/End go to the row's
 * ends, or the day's with `ctrl`; PageUp/PageDown move six hours.
 */
export function moveFocus(rows: ReadonlyArray<readonly number[]>, from: GridPosition, key: GridKey, ctrl = false): GridPosition {
  const rowCount = rows.length;
  if (rowCount === 0) return from;
  const row = Math.min(Math.max(from.row, 0), rowCount - 1);
  const cells = rows[row]!;
  const cell = Math.min(Math.max(from.cell, 0), Math.max(cells.length - 1, 0));
  const nearest = (r: number): GridPosition => {
    const target = cells[cell] ?? 0;
    const candidates = rows[r]!;
    let best = 0;
    for (let c = 1; c < candidates.length; c++) {
      if (Math.abs(candidates[c]! - target) < Math.abs(candidates[best]! - target)) best = c;
    }
    return { row: r, cell: best };
  };
  switch (key) {
    case "ArrowRight":
      if (cell < cells.length - 1) return { row, cell: cell + 1 };
      return row < rowCount - 1 ? { row: row + 1, cell: 0 } : { row, cell };
    case "ArrowLeft":
      if (cell > 0) return { row, cell: cell - 1 };
      return row > 0 ? { row: row - 1, cell: rows[row - 1]!.length - 1 } : { row, cell };
    case "ArrowDown":
      return row < rowCount - 1 ? nearest(row + 1) : { row, cell };
    case "ArrowUp":
      return row > 0 ? nearest(row - 1) : { row, cell };
    case "PageDown":
      return nearest(Math.min(row + PAGE_ROWS, rowCount - 1));
    case "PageUp":
      return nearest(Math.max(row - PAGE_ROWS, 0));
    case "Home":
      return ctrl ? { row: 0, cell: 0 } : { row, cell: 0 };
    case "End":
      return ctrl ? { row: rowCount - 1, cell: rows[rowCount - 1]!.length - 1 } : { row, cell: cells.length - 1 };
  }
}

export function isGridKey(key: string): key is GridKey {
  return ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"].includes(key);
}

// ------------------------------------------------------------------ folding empty hours

/** What the grid draws: an hour (its index in the day's rows), or a run of empty hours folded into one line. */
export type GridLine = { kind: "hour"; row: number } | { kind: "fold"; first: number; last: number; from: string; to: string };

/**
 * Folds each run of two or more empty hours into one line "No time tracked from-to" (`to` up to "24:00").
 * Choice: a lone empty hour stays, and nothing folds on a day without any time (the freelancer came to add manual time).
 */
export function foldEmptyHours(rows: ReadonlyArray<{ label: string; cells: ReadonlyArray<{ seg: number | null }> }>): GridLine[] {
  const empty = rows.map((r) => r.cells.every((c) => c.seg === null));
  if (empty.every(Boolean)) return rows.map((_, row) => ({ kind: "hour", row }));
  const lines: GridLine[] = [];
  let r = 0;
  while (r < rows.length) {
    let end = r;
    while (end < rows.length && empty[end]) end++;
    if (end - r >= 2) {
      lines.push({ kind: "fold", first: r, last: end - 1, from: rows[r]!.label, to: rows[end]?.label ?? "24:00" });
      r = end;
    } else {
      lines.push({ kind: "hour", row: r });
      r++;
    }
  }
  return lines;
}

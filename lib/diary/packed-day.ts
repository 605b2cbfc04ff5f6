// The day as the diary page hands it to its client component: the same DiaryDay with its cells
// and segments as tuples instead of objects. The page's RSC payload repeats every key of every
// cell and segment (144 of each on a full day), escaped once more inside the HTML; as tuples the
// payload is about 40% smaller, and so is the work of writing, escaping and compressing it.
// The JSON route keeps sending plain DiaryDay objects.
import type { DiaryCell, DiaryDay, DiarySegment } from "./types";

type PackedCell = [i: number, at: string, time: string, seg: number | null, add: boolean, future: boolean];
type PackedSegment = [
  id: string,
  slotStart: string,
  kind: DiarySegment["kind"],
  memo: string,
  activityLevel: number,
  keyboardCounts: number[],
  mouseCounts: number[],
  cls: DiarySegment["class"],
  look: DiarySegment["look"],
  screenshot: [takenAt: string, width: number, height: number] | null,
  protection: [isProtected: boolean, failures: DiarySegment["protection"]["failures"]],
  dispute: DiarySegment["dispute"],
  can: [canDelete: boolean, canDispute: boolean],
  signedBy: string | null,
];

export interface PackedDiaryDay extends Omit<DiaryDay, "rows" | "segments"> {
  rows: Array<{ label: string; note: string | null; cells: PackedCell[] }>;
  segments: PackedSegment[];
}

export function packDiaryDay(day: DiaryDay): PackedDiaryDay {
  return {
    ...day,
    rows: day.rows.map((r) => ({ label: r.label, note: r.note, cells: r.cells.map((c): PackedCell => [c.i, c.at, c.time, c.seg, c.add, c.future]) })),
    segments: day.segments.map((s): PackedSegment => [
      s.id,
      s.slotStart,
      s.kind,
      s.memo,
      s.activityLevel,
      s.keyboardCounts,
      s.mouseCounts,
      s.class,
      s.look,
      s.screenshot ? [s.screenshot.takenAt, s.screenshot.width, s.screenshot.height] : null,
      [s.protection.protected, s.protection.failures],
      s.dispute,
      [s.can.delete, s.can.dispute],
      s.signedBy,
    ]),
  };
}

export function unpackDiaryDay(packed: PackedDiaryDay): DiaryDay {
  return {
    ...packed,
    rows: packed.rows.map((r) => ({ label: r.label, note: r.note, cells: r.cells.map(([i, at, time, seg, add, future]): DiaryCell => ({ i, at, time, seg, add, future })) })),
    segments: packed.segments.map(
      ([id, slotStart, kind, memo, activityLevel, keyboardCounts, mouseCounts, cls, look, screenshot, [isProtected, failures], dispute, [canDelete, canDispute], signedBy]): DiarySegment => ({
        id,
        slotStart,
        kind,
        memo,
        activityLevel,
        keyboardCounts,
        mouseCounts,
        class: cls,
        look,
        screenshot: screenshot ? { takenAt: screenshot[0], width: screenshot[1], height: screenshot[2] } : null,
        protection: { protected: isProtected, failures },
        dispute,
        can: { delete: canDelete, dispute: canDispute },
        signedBy,
      }),
    ),
  };
}

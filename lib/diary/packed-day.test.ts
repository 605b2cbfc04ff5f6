import { describe, expect, it } from "vitest";
import { packDiaryDay, unpackDiaryDay } from "./packed-day";
import type { DiaryDay, DiarySegment } from "./types";

const segment = (k: number, over: Partial<DiarySegment> = {}): DiarySegment => ({
  id: `00000000-0000-4000-8000-${String(k).padStart(12, "0")}`,
  slotStart: new Date(Date.UTC(2024, 5, 11, 0, k * 10)).toISOString(),
  kind: "TRACKED",
  memo: `Work ${k}`,
  activityLevel: k % 11,
  keyboardCounts: [1, 2, 3, 4, 5, 6, 7, 8, 9, k],
  mouseCounts: [0, 0, 0, 0, 0, 0, 0, 0, 0, k],
  class: "billable",
  look: "green",
  screenshot: { takenAt: new Date(Date.UTC(2024, 5, 11, 0, k * 10, 7)).toISOString(), width: 1280, height: 800 },
  protection: { protected: true, failures: [] },
  dispute: null,
  can: { delete: true, dispute: false },
  signedBy: "21fe31dfa154a261626bf854046fd227",
  ...over,
});

const day: DiaryDay = {
  contract: { id: "c", title: "T", status: "ACTIVE", paused: false, manualTimeAllowed: true, clientName: "C", freelancerName: "F", freelancerTimezone: "Europe/Berlin" },
  viewer: "freelancer",
  day: "2024-06-11",
  tz: "utc",
  zone: "UTC",
  hours: 24,
  today: "2024-06-12",
  rows: [
    {
      label: "00:00",
      note: null,
      cells: [0, 1, 2, 3, 4, 5].map((i) => ({ i, at: new Date(Date.UTC(2024, 5, 11, 0, i * 10)).toISOString(), time: `00:${i}0`, seg: i < 4 ? i : null, add: i === 5, future: false })),
    },
    { label: "01:00", note: "UTC+01:00", cells: [] },
  ],
  segments: [
    segment(0),
    segment(1, { kind: "MANUAL", activityLevel: 0, keyboardCounts: [], mouseCounts: [], class: "manual", look: "manual", screenshot: null, protection: { protected: false, failures: ["MANUAL_TIME", "NO_SCREENSHOT"] } }),
    segment(2, { class: "over_limit", look: "over_limit", dispute: { id: "d", referenceId: "DSP-1", status: "ESCALATED" }, can: { delete: false, dispute: true } }),
    segment(3, { memo: "", look: "yellow", signedBy: null }),
  ],
  totals: { trackedMinutes: 30, manualMinutes: 10, overLimitMinutes: 10, billableMinutes: 30, loggedMinutes: 40 },
  week: { weekStart: "2024-06-10T00:00:00.000Z", limitMinutes: null, loggedMinutes: 40, billableMinutes: 30, overLimitMinutes: 10, editable: true, inReviewWindow: false, proof: { state: "open", sealsAt: "2024-06-17T12:00:00.000Z" } },
  notes: { delete: null, manual: null, dispute: "x" },
  now: "2024-06-12T15:05:00.000Z",
};

describe("packDiaryDay / unpackDiaryDay", () => {
  it("gives back the same day: manual time, no screenshot, disputes, failures, empty rows", () => {
    expect(unpackDiaryDay(packDiaryDay(day))).toEqual(day);
  });

  it("survives the trip through JSON (what the RSC payload carries) and is much smaller", () => {
    const full = { ...day, segments: Array.from({ length: 144 }, (_, k) => segment(k)) };
    const packed = JSON.stringify(packDiaryDay(full));
    expect(unpackDiaryDay(JSON.parse(packed))).toEqual(full);
    expect(packed.length).toBeLessThan(0.7 * JSON.stringify(full).length);
  });
});

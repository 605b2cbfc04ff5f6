// What the Work Diary's server sends its page (first render and /api/diary). Plain JSON:
// instants as ISO strings, minutes as integers. Shared by the service, the routes and the
// components, so it holds types only.
import type { DiaryLook, ProtectionFailure, SegmentClass } from "@/lib/billing";
import type { WeekProof } from "@/lib/proof/week-proof";

/** Which zone the day is read in: UTC (the default), the viewer's own, or the freelancer's. */
export type TzMode = "utc" | "mine" | "freelancer";

export type DiaryViewer = "client" | "freelancer" | "admin";

export type DisputeStatusName = "OPEN" | "ESCALATED" | "ACCEPTED" | "RESOLVED" | "WITHDRAWN";

export interface DiaryContract {
  id: string;
  title: string;
  status: "OFFER" | "ACTIVE" | "PAUSED" | "ENDED";
  /** paused by status or by an open pause (a dispute pauses it too, R7.2) */
  paused: boolean;
  manualTimeAllowed: boolean;
  clientName: string;
  freelancerName: string;
  freelancerTimezone: string;
  /** R5: the client holds a verified payment method; without one no time is covered by Hourly Protection */
  clientVerified?: boolean;
}

export interface DiarySegment {
  id: string;
  slotStart: string;
  kind: "TRACKED" | "MANUAL";
  memo: string;
  /** R2.2 0..10; 0 for manual time */
  activityLevel: number;
  keyboardCounts: number[];
  mouseCounts: number[];
  /** R4.2 billed (tracked or manual) or over the weekly limit */
  class: SegmentClass;
  /** R2.5 how the cell looks */
  look: DiaryLook;
  /** its image is at lib/diary/paths screenshotPath(id, "full" | "thumb") */
  screenshot: { takenAt: string; width: number; height: number } | null;
  /** R5 */
  protection: { protected: boolean; failures: ProtectionFailure[] };
  /** the latest dispute that names this segment */
  dispute: { id: string; referenceId: string; status: DisputeStatusName } | null;
  /** what the viewer may do with it (the server judges again on every request) */
  can: { delete: boolean; dispute: boolean };
  /**
   * R15.1 the key whose signature the portal checked when it stored the segment: the tracker's device key,
   * or the portal's own for manual time; null for time stored before signatures
   */
  signedBy: string | null;
}

export interface DiaryCell {
  /** position in its row, 0..5 */
  i: number;
  /** slot start, ISO */
  at: string;
  /** local start time in the day's zone, "HH:MM" */
  time: string;
  /** index into DiaryDay.segments, or null for an empty slot */
  seg: number | null;
  /** an empty slot the viewer may fill with manual time (R3) */
  add: boolean;
  /** the slot has not ended yet */
  future: boolean;
}

export interface DiaryRow {
  label: string;
  /** the UTC offset, on the two rows of an hour that a DST change repeats */
  note: string | null;
  cells: DiaryCell[];
}

export interface DayTotals {
  trackedMinutes: number;
  manualMinutes: number;
  overLimitMinutes: number;
  billableMinutes: number;
  /** tracked + manual */
  loggedMinutes: number;
}

export interface WeekSummary {
  /** Monday 00:00 UTC of the work week (R1.1) the day is counted in */
  weekStart: string;
  /** R4.3 the limit in effect for that week; null = no limit */
  limitMinutes: number | null;
  /** running totals of that week up to the end of the shown day */
  loggedMinutes: number;
  billableMinutes: number;
  overLimitMinutes: number;
  /** R1.3 the freelancer may still edit the week */
  editable: boolean;
  /** R7.1 the client may dispute its billed segments now */
  inReviewWindow: boolean;
  /** R15.3 whether the week is sealed and its seal holds */
  proof: WeekProof;
}


export interface DiaryDay {
  contract: DiaryContract;
  viewer: DiaryViewer;
  day: string;
  tz: TzMode;
  /** the IANA zone the day is read in */
  zone: string;
  /** hours in this local day: 24, or 23 / 25 on DST days */
  hours: number;
  /** today in that zone, by the app's clock (R1.4) */
  today: string;
  rows: DiaryRow[];
  segments: DiarySegment[];
  totals: DayTotals;
  week: WeekSummary;
  /** why an action is not offered on this day, for the viewer (null when it is) */
  notes: { delete: string | null; manual: string | null; dispute: string | null };
  now: string;
}

/** One contract in the picker. */
export interface DiaryContractOption {
  id: string;
  title: string;
  status: DiaryContract["status"];
  /** "with Fiona Freelancer" / "for Clara Client" */
  party: string;
  /** ISO start of the contract's latest live segment (null: no time yet); picks the default contract */
  lastTrackedAt?: string | null;
}

/** The verdict of one segment deletion (the server's, per R1.3). */
export interface DeleteSegmentsResult {
  deleted: string[];
  refused: Array<{ segmentId: string; reason: string }>;
}

export interface AddManualTimeResult {
  created: Array<{ id: string; slotStart: string }>;
}

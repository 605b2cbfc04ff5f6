import "server-only";
// One contract day of the Work Diary for one viewer: the layout of its slots in the chosen zone,
// its segments with their R4.2 class, R2.5 look and R5 verdict, the day's and the week's totals,
// dispute statuses, and what the viewer may do. Every rule comes from lib/billing.
import { sql } from "@/lib/db/client";
import { RULES } from "@/lib/config/rules";
import { notFound } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import {
  canFileDispute,
  diaryLook,
  hourlyProtection,
  isWeekEditable,
  manualSlotRejections,
  reviewWindowEndsAt,
  weekCloseAt,
  weekStartOf,
  SLOT_MS,
} from "@/lib/billing";
import { contractScopeSql, findDiaryContract, viewerOf, type DiaryContractRecord } from "./contracts";
import { classifySegments, totalsOf, weekLimitHours, weekOfDay } from "./grid";
import { dayLayout, dayOf, isValidTimeZone } from "./zone";
import { weekProofOf } from "@/lib/proof/week-proof";
import type { DiaryCell, DiaryDay, DiaryRow, DiarySegment, DisputeStatusName, TzMode } from "./types";

interface WeekRow {
  slot_start: Date;
  manual: boolean;
}

interface DayRow {
  id: string;
  slot_start: Date;
  kind: "TRACKED" | "MANUAL";
  memo: string;
  /** keyboard then mouse counts, comma-separated ("" for manual time) */
  counts: string;
  activity_level: number;
  taken_at: Date | null;
  width: number | null;
  height: number | null;
  signed_by_key_id: string | null;
}

interface InvoiceRow {
  week_start: Date;
  disputed: boolean;
  reference_id: string;
  seal_seq: number | null;
  seal_head: string | null;
  seal_key_id: string | null;
  seal_signature: string | null;
  sealed_at: Date | null;
}

interface DisputeRow {
  segment_id: string;
  id: string;
  reference_id: string;
  status: DisputeStatusName;
}

const MINUTES = RULES.tracking.minutesPerSlot;

/** The IANA zone for a mode. Choice: a stored zone this runtime does not know reads as UTC. */
export function zoneFor(mode: TzMode, user: CurrentUser, contract: { freelancerTimezone: string }): string {
  const zone = mode === "mine" ? user.timezone : mode === "freelancer" ? contract.freelancerTimezone : "UTC";
  return isValidTimeZone(zone) ? zone : "UTC";
}

const utcDate = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const when = (d: Date) => `${utcDate.format(d)} UTC`;

export interface LoadDiaryDayInput {
  contractId: string;
  /** "YYYY-MM-DD" in the zone; today there when absent */
  day?: string;
  tz: TzMode;
}

export async function loadDiaryDay(user: CurrentUser, input: LoadDiaryDayInput, now: Date, preloaded?: DiaryContractRecord): Promise<DiaryDay> {
  const contract = preloaded ?? (await findDiaryContract(user, input.contractId));
  if (!contract) throw notFound("No such contract.");
  const zone = zoneFor(input.tz, user, contract);
  const today = dayOf(now.getTime(), zone);
  const day = input.day ?? today;
  const layout = dayLayout(day, zone);
  const dayStart = new Date(layout.start);
  const dayEnd = new Date(layout.end);
  const rangeStart = weekStartOf(dayStart);
  // Parameters: $1 the contract, $2 the viewer (ownership, in every WHERE), $3..$4 the range.
  const scope = contractScopeSql(user, 2);
  const read = async <T extends object>(what: string, text: string, values: unknown[]): Promise<T[]> =>
    (await sql().query<T>({ name: `diary-${what}-${user.role}`, text, values })).rows;

  // Four reads in parallel, through pg (sql()): every live segment of the week(s) up to the day's
  // end (R4.2 needs the week's earlier segments to classify the day's), the day's segments in full,
  // the disputes naming any of them, and the invoices of those weeks. Per-minute counts come as
  // text: decoding int[] columns per row costs more.
  const [weekRows, dayRows, disputeRows, invoiceRows] = await Promise.all([
    read<WeekRow>("week", `
      SELECT s.slot_start, (s.kind = 'MANUAL') AS manual
      FROM segments s JOIN contracts c ON c.id = s.contract_id
      WHERE s.contract_id = $1::uuid AND ${scope} AND s.deleted_at IS NULL
        AND s.slot_start >= $3::timestamptz AND s.slot_start < $4::timestamptz
      ORDER BY s.slot_start`, [contract.id, user.id, rangeStart, dayEnd]),
    read<DayRow>("day", `
      SELECT s.id::text AS id, s.slot_start, s.kind::text AS kind, s.memo, s.activity_level::int AS activity_level,
             array_to_string(s.keyboard_counts || s.mouse_counts, ',') AS counts,
             sc.taken_at, sc.width, sc.height, s.signed_by_key_id
      FROM segments s
      JOIN contracts c ON c.id = s.contract_id
      LEFT JOIN screenshots sc ON sc.segment_id = s.id
      WHERE s.contract_id = $1::uuid AND ${scope} AND s.deleted_at IS NULL
        AND s.slot_start >= $3::timestamptz AND s.slot_start < $4::timestamptz
      ORDER BY s.slot_start`, [contract.id, user.id, dayStart, dayEnd]),
    read<DisputeRow>("disputes", `
      SELECT DISTINCT ON (ds.segment_id) ds.segment_id::text AS segment_id, d.id::text AS id, d.reference_id, d.status::text AS status
      FROM disputes d
      JOIN contracts c ON c.id = d.contract_id
      JOIN dispute_segments ds ON ds.dispute_id = d.id
      JOIN segments s ON s.id = ds.segment_id
      WHERE d.contract_id = $1::uuid AND ${scope} AND s.slot_start >= $3::timestamptz AND s.slot_start < $4::timestamptz
      ORDER BY ds.segment_id, d.filed_at DESC`, [contract.id, user.id, dayStart, dayEnd]),
    // R7.1 a week can be disputed once it is invoiced
    read<InvoiceRow>("invoices", `
      SELECT i.week_start, EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id) AS disputed,
             i.reference_id, i.seal_seq, i.seal_head, i.seal_key_id, i.seal_signature, i.sealed_at
      FROM invoices i JOIN contracts c ON c.id = i.contract_id
      WHERE i.contract_id = $1::uuid AND ${scope} AND i.week_start >= $3::timestamptz AND i.week_start < $4::timestamptz`, [contract.id, user.id, rangeStart, dayEnd]),
  ]);
  const disputes = new Map(disputeRows.map((d) => [d.segment_id, d]));
  const invoices = new Map(invoiceRows.map((i) => [i.week_start.getTime(), i.disputed]));
  const invoiceOfWeek = new Map(invoiceRows.map((i) => [i.week_start.getTime(), i]));
  // R7.1 a week may hold several disputes (lib/disputes/file-dispute.ts): each segment is disputed once
  const weekOpenForDispute = (weekStart: Date) => invoices.has(weekStart.getTime()) && canFileDispute(weekStart, now);

  const { classes } = classifySegments(
    weekRows.map((r) => ({ slotStart: r.slot_start, manual: r.manual })),
    contract.limitRows,
  );
  const viewer = viewerOf(user, contract);
  const contractActive = contract.status === "ACTIVE" || contract.status === "PAUSED";

  const segments: DiarySegment[] = dayRows.map((r) => {
    const slot = r.slot_start.getTime();
    const manual = r.kind === "MANUAL";
    const cls = classes.get(slot) ?? "billable";
    const level = manual ? null : r.activity_level;
    const weekStart = weekStartOf(r.slot_start);
    const dispute = disputes.get(r.id);
    const disputeOpen = dispute !== undefined && dispute.status !== "WITHDRAWN";
    const counts = r.counts ? r.counts.split(",").map(Number) : [];
    return {
      id: r.id,
      slotStart: r.slot_start.toISOString(),
      kind: r.kind,
      memo: r.memo,
      activityLevel: r.activity_level,
      keyboardCounts: counts.slice(0, MINUTES),
      mouseCounts: counts.slice(MINUTES),
      class: cls,
      look: diaryLook(cls, level),
      screenshot:
        r.taken_at && r.width !== null && r.height !== null
          ? { takenAt: r.taken_at.toISOString(), width: r.width, height: r.height }
          : null,
      protection: hourlyProtection({
        manual,
        hasScreenshot: r.taken_at !== null,
        activityLevel: level,
        memo: r.memo,
        withinLimit: cls !== "over_limit",
        clientHasVerifiedPaymentMethod: contract.clientVerified,
      }),
      dispute: dispute ? { id: dispute.id, referenceId: dispute.reference_id, status: dispute.status } : null,
      can: {
        delete: viewer === "freelancer" && isWeekEditable(weekStart, now),
        // R7.1 billed segments of an invoiced week in its review window that no dispute holds
        dispute: viewer === "client" && cls !== "over_limit" && !disputeOpen && weekOpenForDispute(weekStart),
      },
      // R15.1 present only for a segment whose signature the portal checked when storing it
      signedBy: r.signed_by_key_id,
    };
  });

  const bySlot = new Map<number, number>();
  segments.forEach((s, k) => bySlot.set(Date.parse(s.slotStart), k));
  const nowMs = now.getTime();
  const canAdd = (slot: number) =>
    viewer === "freelancer" &&
    slot + SLOT_MS > contract.startsAt.getTime() &&
    manualSlotRejections(
      { contractActive, contractPaused: contract.paused, slotStart: new Date(slot), allowsManualTime: contract.manualTimeAllowed, slotOccupied: false, memo: "-" },
      now,
    ).length === 0;
  const rows: DiaryRow[] = layout.rows.map((row) => ({
    label: row.label,
    note: row.note,
    cells: row.cells.map((c): DiaryCell => {
      const seg = bySlot.get(c.slot) ?? null;
      return { i: c.i, at: new Date(c.slot).toISOString(), time: c.time, seg, add: seg === null && canAdd(c.slot), future: c.slot + SLOT_MS > nowMs };
    }),
  }));

  // The week's running total: its segments up to the end of the shown day.
  const week = weekOfDay(layout.start, layout.end);
  const weekEndMs = week.getTime() + 7 * 86_400_000;
  const weekSegments = weekRows
    .filter((r) => r.slot_start.getTime() >= week.getTime() && r.slot_start.getTime() < weekEndMs)
    .map((r) => ({ manual: r.manual, class: classes.get(r.slot_start.getTime()) ?? "billable" }));
  const weekTotals = totalsOf(weekSegments);
  const limitHours = weekLimitHours(contract.limitRows, week);
  const editable = isWeekEditable(week, now);
  const inReviewWindow = canFileDispute(week, now);
  const weekInvoice = invoices.get(week.getTime());
  const sealRow = invoiceOfWeek.get(week.getTime());
  const proof = await weekProofOf(
    contract.id,
    week,
    sealRow ? { referenceId: sealRow.reference_id, contractId: contract.id, weekStart: week, sealSeq: sealRow.seal_seq, sealHead: sealRow.seal_head, sealKeyId: sealRow.seal_key_id, sealSignature: sealRow.seal_signature, sealedAt: sealRow.sealed_at } : null,
    now,
  );

  return {
    contract: {
      id: contract.id,
      title: contract.title,
      status: contract.status,
      paused: contract.paused,
      manualTimeAllowed: contract.manualTimeAllowed,
      clientName: contract.clientName,
      freelancerName: contract.freelancerName,
      freelancerTimezone: contract.freelancerTimezone,
      clientVerified: contract.clientVerified,
    },
    viewer,
    day,
    tz: input.tz,
    zone,
    hours: layout.hours,
    today,
    rows,
    segments,
    totals: totalsOf(segments.map((s) => ({ manual: s.kind === "MANUAL", class: s.class }))),
    week: {
      weekStart: week.toISOString(),
      limitMinutes: limitHours === null ? null : limitHours * 60,
      loggedMinutes: weekTotals.loggedMinutes,
      billableMinutes: weekTotals.billableMinutes,
      overLimitMinutes: weekTotals.overLimitMinutes,
      editable,
      inReviewWindow,
      proof,
    },
    notes: notesFor(viewer, contract, week, now, editable, inReviewWindow, contractActive, weekInvoice),
    now: now.toISOString(),
  };
}

function notesFor(
  viewer: DiaryDay["viewer"],
  contract: DiaryContractRecord,
  week: Date,
  now: Date,
  editable: boolean,
  inReviewWindow: boolean,
  contractActive: boolean,
  /** undefined: the week has no invoice; else whether it has a dispute already */
  weekDisputed: boolean | undefined,
): DiaryDay["notes"] {
  const close = weekCloseAt(week);
  const locked = now.getTime() >= close.getTime() ? `This week closed on ${when(close)}; its time can no longer be changed.` : null; // R1.3
  const notStarted = !editable && !locked ? "This week has not started yet." : null;
  const notes: DiaryDay["notes"] = { delete: null, manual: null, dispute: null };
  if (viewer === "freelancer") {
    notes.delete = locked ?? notStarted;
    if (!contract.manualTimeAllowed) notes.manual = "This contract does not allow manual time.";
    else if (!contractActive) notes.manual = "The contract is not active, so no time can be added.";
    else if (contract.paused) notes.manual = "The contract is paused; no time can be added until it resumes.";
    else notes.manual = locked ?? notStarted;
  }
  if (viewer === "client" && !inReviewWindow) {
    notes.dispute =
      now.getTime() < close.getTime()
        ? `This week can be disputed from its weekly close, ${when(close)}, until ${when(reviewWindowEndsAt(week))}.`
        : `The review window of this week ended on ${when(reviewWindowEndsAt(week))}.`;
  } else if (viewer === "client" && weekDisputed === undefined) {
    notes.dispute = "This week has no invoice yet (the weekly close has not run), so there is nothing to dispute.";
  }
  return notes;
}

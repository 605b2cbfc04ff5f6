// R2 tracked time and R3 manual time: the time rules that decide whether a slot may be stored.
// (R2.6 idempotency and R2.7 token ownership need the database and live in lib/ingest.)
import { RULES } from "../config/rules";
import { BillingError } from "./errors";
import { MINUTE_MS, SLOT_MS, assertSlotStart, closeMsOf, weekStartMsOf } from "./time";
import { msOf } from "./validate";

export type TrackedSlotRejection = "CONTRACT_NOT_ACTIVE" | "CONTRACT_PAUSED" | "SLOT_IN_FUTURE" | "WEEK_LOCKED";

export type ContractState = {
  contractActive: boolean;
  /** R7.2 a dispute pauses the contract too */
  contractPaused: boolean;
};

/**
 * R2.6 / R2.7 / R7.2 every reason a tracked slot must be rejected at `now` (empty = accept):
 * the contract must be active and unpaused, the slot may start at most the clock-skew allowance
 * (default 2 minutes) after `now`, and its week must not be locked (R1.3).
 */
export function trackedSlotRejections(input: ContractState & { slotStart: Date }, now: Date): TrackedSlotRejection[] {
  const slot = assertSlotStart(input.slotStart);
  const t = msOf(now, "now");
  const reasons: TrackedSlotRejection[] = [];
  if (!input.contractActive) reasons.push("CONTRACT_NOT_ACTIVE");
  if (input.contractPaused) reasons.push("CONTRACT_PAUSED");
  if (slot > t + RULES.tracking.clockSkewAllowanceMs) reasons.push("SLOT_IN_FUTURE");
  if (t >= closeMsOf(weekStartMsOf(slot))) reasons.push("WEEK_LOCKED");
  return reasons;
}

export type ManualSlotRejection =
  | "MANUAL_TIME_NOT_ALLOWED"
  | "CONTRACT_NOT_ACTIVE"
  | "CONTRACT_PAUSED"
  | "WEEK_LOCKED"
  | "SLOT_NOT_ELAPSED"
  | "SLOT_OCCUPIED"
  | "MEMO_REQUIRED";

/**
 * R3.1 / R3.2 / R7.2 every reason one manual 10-minute slot must be rejected at `now` (empty = accept).
 * Choice: "the current editable week" is any week not yet closed, so on Monday before 12:00 UTC manual
 * time may still go into the closing week (R1.3 lets the freelancer add it until the close).
 * Choice: a manual slot must have ended by `now`: nobody logs work not yet done.
 * Choice: a memo of only whitespace counts as missing.
 */
export function manualSlotRejections(
  input: ContractState & { slotStart: Date; allowsManualTime: boolean; slotOccupied: boolean; memo: string | null },
  now: Date,
): ManualSlotRejection[] {
  const slot = assertSlotStart(input.slotStart);
  const t = msOf(now, "now");
  const reasons: ManualSlotRejection[] = [];
  if (!input.allowsManualTime) reasons.push("MANUAL_TIME_NOT_ALLOWED");
  if (!input.contractActive) reasons.push("CONTRACT_NOT_ACTIVE");
  if (input.contractPaused) reasons.push("CONTRACT_PAUSED");
  if (t >= closeMsOf(weekStartMsOf(slot))) reasons.push("WEEK_LOCKED");
  if (slot + SLOT_MS > t) reasons.push("SLOT_NOT_ELAPSED");
  if (input.slotOccupied) reasons.push("SLOT_OCCUPIED");
  if (input.memo === null || input.memo.trim() === "") reasons.push("MEMO_REQUIRED");
  return reasons;
}

/**
 * R2.1 the screenshot moment of a slot from one uniform random number in [0, 1): whole
 * milliseconds spread evenly over the slot. The caller supplies the randomness, so this stays pure.
 */
export function screenshotMoment(slotStart: Date, uniform01: number): Date {
  const slot = assertSlotStart(slotStart);
  if (!(uniform01 >= 0 && uniform01 < 1)) {
    throw new BillingError("INVALID_ARGUMENT", "uniform01", "uniform01 must be in [0, 1)");
  }
  return new Date(slot + Math.floor(uniform01 * SLOT_MS));
}

/** R2.3 a slot is recorded only if tracking was still running at its screenshot moment (null = still running). */
export function isSlotRecorded(screenshotAt: Date, trackingStoppedAt: Date | null): boolean {
  const shot = msOf(screenshotAt, "screenshotAt");
  return trackingStoppedAt === null || msOf(trackingStoppedAt, "trackingStoppedAt") > shot;
}

/** R2.4 the tracker stops itself once there has been no input for 10 minutes (configurable). */
export function trackerShouldStop(lastInputAt: Date, now: Date, idleMinutes: number = RULES.tracking.inactivityStopMinutes): boolean {
  if (!Number.isFinite(idleMinutes) || idleMinutes <= 0) {
    throw new BillingError("INVALID_ARGUMENT", "idleMinutes", "idleMinutes must be positive");
  }
  return msOf(now, "now") - msOf(lastInputAt, "lastInputAt") >= idleMinutes * MINUTE_MS;
}

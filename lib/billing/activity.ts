// R2.2 activity level of a segment and R2.5 how the Work Diary shows it.
import { RULES } from "../config/rules";
import { BillingError } from "./errors";
import type { SegmentClass } from "./classify";

const MINUTES = RULES.tracking.minutesPerSlot;

function assertCounts(counts: ArrayLike<number>, field: string): void {
  if (counts.length !== MINUTES) {
    throw new BillingError("INVALID_ACTIVITY", field, `${field} must hold exactly ${MINUTES} per-minute counts`);
  }
  for (let i = 0; i < MINUTES; i++) {
    const c = counts[i] as number;
    if (!Number.isSafeInteger(c) || c < 0) {
      throw new BillingError("INVALID_ACTIVITY", `${field}[${i}]`, `${field}[${i}] must be a non-negative integer count`);
    }
  }
}

/** R2.2 the number of the segment's 10 minutes with any keyboard or mouse input (0..10). */
export function activityLevel(keyboardPerMinute: ArrayLike<number>, mousePerMinute: ArrayLike<number>): number {
  assertCounts(keyboardPerMinute, "keyboardPerMinute");
  assertCounts(mousePerMinute, "mousePerMinute");
  let level = 0;
  for (let i = 0; i < MINUTES; i++) {
    if ((keyboardPerMinute[i] as number) > 0 || (mousePerMinute[i] as number) > 0) level++;
  }
  return level;
}

/** Throws INVALID_ACTIVITY unless `level` is an integer in 0..10. */
export function assertActivityLevel(level: number, field = "activityLevel"): number {
  if (!Number.isInteger(level) || level < 0 || level > MINUTES) {
    throw new BillingError("INVALID_ACTIVITY", field, `${field} must be an integer in 0..${MINUTES}, got ${String(level)}`);
  }
  return level;
}

export type ActivityColour = "green" | "yellow";

/** R2.5 green at or above the low-activity threshold (default 3), yellow below. */
export function activityColour(level: number, threshold: number = RULES.tracking.lowActivityThreshold): ActivityColour {
  assertActivityLevel(level);
  assertActivityLevel(threshold, "threshold");
  return level >= threshold ? "green" : "yellow";
}

export type DiaryLook = "over_limit" | "manual" | "green" | "yellow";

/**
 * R2.5 the look of a segment cell.
 * Choice: over limit wins over manual: manual time past the limit shows red "over limit, not billed",
 * because whether it is billed matters more to both sides than how it was recorded.
 */
export function diaryLook(segmentClass: SegmentClass, level: number | null): DiaryLook {
  if (segmentClass === "over_limit") return "over_limit";
  if (segmentClass === "manual") return "manual";
  if (level === null) throw new BillingError("INVALID_ACTIVITY", "activityLevel", "tracked segments have an activity level");
  return activityColour(level);
}

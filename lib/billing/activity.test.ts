import { describe, expect, it } from "vitest";
import { expectBillingError } from "../../tests/support/billing";
import { activityColour, activityLevel, assertActivityLevel, diaryLook } from "./activity";

const zeros = () => Array<number>(10).fill(0);
const withInput = (minutes: number[]) => {
  const counts = zeros();
  for (const m of minutes) counts[m] = 5;
  return counts;
};

describe("R2.2 activityLevel", () => {
  it.each<[string, number[], number[], number]>([
    ["no input at all", zeros(), zeros(), 0],
    ["keyboard in 3 minutes", withInput([0, 4, 9]), zeros(), 3],
    ["mouse only", zeros(), withInput([1, 2]), 2],
    ["keyboard and mouse in the same minute count once", withInput([1, 2]), withInput([2, 3]), 3],
    ["every minute", withInput([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), zeros(), 10],
  ])("%s", (_name, keyboard, mouse, level) => {
    expect(activityLevel(keyboard, mouse)).toBe(level);
    expect(activityLevel(Uint32Array.from(keyboard), Uint32Array.from(mouse))).toBe(level);
  });

  it.each<[string, number[], number[], string]>([
    ["9 minutes", Array<number>(9).fill(0), zeros(), "keyboardPerMinute"],
    ["11 minutes", zeros(), Array<number>(11).fill(0), "mousePerMinute"],
    ["a negative count", [0, 0, -1, 0, 0, 0, 0, 0, 0, 0], zeros(), "keyboardPerMinute[2]"],
    ["a fractional count", zeros(), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5], "mousePerMinute[9]"],
  ])("rejects %s", (_name, keyboard, mouse, field) => {
    expectBillingError(() => activityLevel(keyboard, mouse), "INVALID_ACTIVITY", field);
  });
});

describe("R2.5 colours", () => {
  it.each([
    [0, "yellow"],
    [2, "yellow"],
    [3, "green"],
    [10, "green"],
  ] as const)("level %s with the default threshold 3 is %s", (level, colour) => {
    expect(activityColour(level)).toBe(colour);
  });

  it("honours a configured threshold", () => {
    expect(activityColour(4, 5)).toBe("yellow");
    expect(activityColour(5, 5)).toBe("green");
  });

  it.each([-1, 11, 2.5, Number.NaN])("rejects level %s", (level) => {
    expectBillingError(() => activityColour(level), "INVALID_ACTIVITY", "activityLevel");
    expectBillingError(() => assertActivityLevel(level), "INVALID_ACTIVITY");
  });

  it.each([
    ["billable", 7, "green"],
    ["billable", 1, "yellow"],
    ["manual", null, "manual"],
    ["over_limit", 9, "over_limit"],
    ["over_limit", null, "over_limit"],
  ] as const)("diaryLook(%s, %s) = %s", (segmentClass, level, look) => {
    expect(diaryLook(segmentClass, level)).toBe(look);
  });

  it("a tracked billable segment needs its activity level", () => {
    expectBillingError(() => diaryLook("billable", null), "INVALID_ACTIVITY");
  });
});

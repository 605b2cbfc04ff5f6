import { describe, expect, it } from "vitest";
import { at, expectBillingError } from "../../tests/support/billing";
import { type ManualSlotRejection, type TrackedSlotRejection, isSlotRecorded, manualSlotRejections, screenshotMoment, trackedSlotRejections, trackerShouldStop } from "./ingest";

const active = { contractActive: true, contractPaused: false };

describe("R2.6 / R2.7 / R7.2 trackedSlotRejections", () => {
  it.each<[string, string, string, Partial<typeof active>, TrackedSlotRejection[]]>([
    ["a slot that just ended", "2024-06-12T10:00:00Z", "2024-06-12T10:10:05Z", {}, []],
    ["a slot starting within the 2-minute skew", "2024-06-12T10:10:00Z", "2024-06-12T10:08:00Z", {}, []],
    ["a slot starting beyond the skew", "2024-06-12T10:10:00Z", "2024-06-12T10:07:59.999Z", {}, ["SLOT_IN_FUTURE"]],
    ["next week's first slot within the skew on Sunday night", "2024-06-10T00:00:00Z", "2024-06-09T23:59:00Z", {}, []],
    ["last week's slot on Monday morning before the close", "2024-06-09T23:50:00Z", "2024-06-10T11:59:00Z", {}, []],
    ["last week's slot after the close", "2024-06-09T23:50:00Z", "2024-06-10T12:00:00Z", {}, ["WEEK_LOCKED"]],
    ["a paused (disputed) contract", "2024-06-12T10:00:00Z", "2024-06-12T10:10:05Z", { contractPaused: true }, ["CONTRACT_PAUSED"]],
    ["an ended contract", "2024-06-12T10:00:00Z", "2024-06-12T10:10:05Z", { contractActive: false }, ["CONTRACT_NOT_ACTIVE"]],
    ["everything wrong", "2024-06-03T10:00:00Z", "2024-05-01T00:00:00Z", { contractActive: false, contractPaused: true }, ["CONTRACT_NOT_ACTIVE", "CONTRACT_PAUSED", "SLOT_IN_FUTURE"]],
  ])("%s", (_name, slotStart, now, patch, reasons) => {
    expect(trackedSlotRejections({ ...active, ...patch, slotStart: at(slotStart) }, at(now))).toEqual(reasons);
  });

  it("rejects a misaligned slot", () => {
    expectBillingError(() => trackedSlotRejections({ ...active, slotStart: at("2024-06-12T10:03:00Z") }, at("2024-06-12T10:20:00Z")), "SLOT_NOT_ALIGNED", "slotStart");
  });
});

describe("R3 manualSlotRejections", () => {
  const ok = { ...active, allowsManualTime: true, slotOccupied: false, memo: "call with client" };
  type Input = Parameters<typeof manualSlotRejections>[0];

  it.each<[string, string, string, Partial<Input>, ManualSlotRejection[]]>([
    ["an elapsed slot this week", "2024-06-12T10:00:00Z", "2024-06-12T10:10:00Z", {}, []],
    ["Choice: a slot not yet over", "2024-06-12T10:00:00Z", "2024-06-12T10:09:59Z", {}, ["SLOT_NOT_ELAPSED"]],
    ["Choice: last week, Monday before the close", "2024-06-07T10:00:00Z", "2024-06-10T09:00:00Z", {}, []],
    ["last week after the close", "2024-06-07T10:00:00Z", "2024-06-10T12:00:00Z", {}, ["WEEK_LOCKED"]],
    ["manual time not allowed", "2024-06-12T10:00:00Z", "2024-06-12T11:00:00Z", { allowsManualTime: false }, ["MANUAL_TIME_NOT_ALLOWED"]],
    ["an occupied slot", "2024-06-12T10:00:00Z", "2024-06-12T11:00:00Z", { slotOccupied: true }, ["SLOT_OCCUPIED"]],
    ["no memo", "2024-06-12T10:00:00Z", "2024-06-12T11:00:00Z", { memo: null }, ["MEMO_REQUIRED"]],
    ["Choice: whitespace memo", "2024-06-12T10:00:00Z", "2024-06-12T11:00:00Z", { memo: "   " }, ["MEMO_REQUIRED"]],
    ["a paused contract", "2024-06-12T10:00:00Z", "2024-06-12T11:00:00Z", { contractPaused: true }, ["CONTRACT_PAUSED"]],
    [
      "everything wrong",
      "2024-06-03T10:00:00Z",
      "2024-06-20T00:00:00Z",
      { allowsManualTime: false, contractActive: false, contractPaused: true, slotOccupied: true, memo: "" },
      ["MANUAL_TIME_NOT_ALLOWED", "CONTRACT_NOT_ACTIVE", "CONTRACT_PAUSED", "WEEK_LOCKED", "SLOT_OCCUPIED", "MEMO_REQUIRED"],
    ],
  ])("%s", (_name, slotStart, now, patch, reasons) => {
    expect(manualSlotRejections({ ...ok, ...patch, slotStart: at(slotStart) }, at(now))).toEqual(reasons);
  });

  it("rejects a slot not on the 10-minute grid", () => {
    expectBillingError(() => manualSlotRejections({ ...ok, slotStart: at("2024-06-12T10:15:00Z") }, at("2024-06-12T11:00:00Z")), "SLOT_NOT_ALIGNED");
  });
});

describe("R2.1 / R2.3 / R2.4 tracker timing", () => {
  it.each([
    [0, "2024-06-12T10:00:00.000Z"],
    [0.5, "2024-06-12T10:05:00.000Z"],
    [0.9999999999, "2024-06-12T10:09:59.999Z"],
  ])("screenshotMoment at u=%s is %s", (u, expected) => {
    expect(screenshotMoment(at("2024-06-12T10:00:00Z"), u).toISOString()).toBe(expected);
  });

  it.each([1, -0.1, Number.NaN])("rejects u=%s", (u) => {
    expectBillingError(() => screenshotMoment(at("2024-06-12T10:00:00Z"), u), "INVALID_ARGUMENT", "uniform01");
  });

  it.each<[string, string | null, boolean]>([
    ["still running", null, true],
    ["stopped after the screenshot", "2024-06-12T10:04:00Z", true],
    ["stopped at the screenshot moment", "2024-06-12T10:03:00Z", false],
    ["stopped before the screenshot", "2024-06-12T10:02:00Z", false],
  ])("R2.3 %s: recorded %s", (_name, stoppedAt, recorded) => {
    expect(isSlotRecorded(at("2024-06-12T10:03:00Z"), stoppedAt === null ? null : at(stoppedAt))).toBe(recorded);
  });

  it.each([
    ["2024-06-12T10:09:59.999Z", undefined, false],
    ["2024-06-12T10:10:00Z", undefined, true],
    ["2024-06-12T10:04:00Z", 5, false],
    ["2024-06-12T10:05:00Z", 5, true],
  ] as const)("R2.4 with last input at 10:00, at %s (idle %s min) stop: %s", (now, idle, expected) => {
    expect(trackerShouldStop(at("2024-06-12T10:00:00Z"), at(now), idle)).toBe(expected);
  });

  it("rejects a non-positive idle time", () => {
    expectBillingError(() => trackerShouldStop(at("2024-06-12T10:00:00Z"), at("2024-06-12T10:20:00Z"), 0), "INVALID_ARGUMENT", "idleMinutes");
  });
});

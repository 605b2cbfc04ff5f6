import { describe, expect, it } from "vitest";
import { callDurationSeconds, callEntryText, formatDuration, selfEnding, type LiveCallFacts } from "./rules";

const t0 = new Date("2026-12-07T10:00:00.000Z");
const at = (s: number) => new Date(t0.getTime() + s * 1000);

describe("selfEnding (R17.1)", () => {
  const ringing: LiveCallFacts = { status: "RINGING", createdAt: t0, answeredAt: null, callerSeenAt: t0, calleeSeenAt: null };
  const active: LiveCallFacts = { status: "ACTIVE", createdAt: t0, answeredAt: at(10), callerSeenAt: at(60), calleeSeenAt: at(60) };
  it.each<[string, LiveCallFacts, number, ReturnType<typeof selfEnding>]>([
    ["a ring with its caller there goes on", { ...ringing, callerSeenAt: at(40) }, 44, null],
    ["a ring unanswered for 45 s is missed at 45 s", { ...ringing, callerSeenAt: at(44) }, 47, { outcome: "MISSED", reason: "timeout", endedAt: at(45) }],
    ["a ring whose caller's tab went away is missed at its last beat", { ...ringing, callerSeenAt: at(4) }, 10, { outcome: "MISSED", reason: "peer_lost", endedAt: at(4) }],
    ["a callee not yet seen keeps ringing", { ...ringing, callerSeenAt: at(20) }, 21, null],
    ["a callee whose ringing tabs all closed is gone", { ...ringing, callerSeenAt: at(20), calleeSeenAt: at(12) }, 21, { outcome: "MISSED", reason: "peer_lost", endedAt: at(12) }],
    ["an answered call with both sides seen goes on", active, 65, null],
    ["an answered call ends at the gone side's last beat", { ...active, calleeSeenAt: at(50) }, 65, { outcome: "COMPLETED", reason: "peer_lost", endedAt: at(50) }],
    ["never before its answer", { ...active, callerSeenAt: at(2) }, 65, { outcome: "COMPLETED", reason: "peer_lost", endedAt: at(10) }],
    ["an ended call is left alone", { ...active, status: "ENDED", callerSeenAt: at(1) }, 600, null],
  ])("%s", (_name, call, nowSeconds, expected) => {
    expect(selfEnding(call, at(nowSeconds))).toEqual(expected);
  });

  it("a shortened ring (test servers) times out sooner", () => {
    expect(selfEnding({ ...ringing, callerSeenAt: at(12) }, at(13), 12_000)).toEqual({ outcome: "MISSED", reason: "timeout", endedAt: at(12) });
  });
});

describe("the call's entry", () => {
  it.each([
    ["COMPLETED", 192, "Call, 3:12"],
    ["COMPLETED", 3725, "Call, 1:02:05"],
    ["MISSED", null, "Missed call"],
    ["CANCELLED", null, "Missed call"],
    ["DECLINED", null, "Declined call"],
    ["BUSY", null, "Busy"],
    ["FAILED", null, "Call failed"],
    ["FAILED", 7, "Call, 0:07 (connection lost)"],
  ] as const)("%s %s s reads %s", (outcome, seconds, text) => {
    expect(callEntryText(outcome, seconds)).toBe(text);
  });

  it("lasts whole seconds from answer to end", () => {
    expect(callDurationSeconds(at(10), at(20.9))).toBe(10);
    expect(callDurationSeconds(null, at(20))).toBeNull();
    expect(formatDuration(0)).toBe("0:00");
  });
});

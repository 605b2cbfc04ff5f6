// What calls read as (R17.1): the timer, the entries, the panel's ended states, the microphone alerts.
import { describe, expect, it } from "vitest";
import { callEntryText, endedStateText, firstName, formatCallDuration, microphoneErrorMessage, refusalText } from "./call-texts";

describe("formatCallDuration", () => {
  it.each([
    [0, "0:00"],
    [7, "0:07"],
    [7.9, "0:07"],
    [59, "0:59"],
    [60, "1:00"],
    [192, "3:12"],
    [3599, "59:59"],
    [3600, "1:00:00"],
    [3723, "1:02:03"],
    [-5, "0:00"],
  ])("%s s reads %s", (seconds, text) => expect(formatCallDuration(seconds)).toBe(text));
});

describe("callEntryText", () => {
  it.each([
    [{ outcome: "completed", durationSeconds: 192 }, "Call · 3:12"],
    [{ outcome: "completed", durationSeconds: null }, "Call · 0:00"],
    [{ outcome: "missed", durationSeconds: null }, "Missed call"],
    [{ outcome: "cancelled", durationSeconds: null }, "Missed call"],
    [{ outcome: "declined", durationSeconds: null }, "Declined call"],
    [{ outcome: "busy", durationSeconds: null }, "Busy"],
    [{ outcome: "failed", durationSeconds: 42 }, "Call · 0:42"],
    [{ outcome: "failed", durationSeconds: null }, "Call failed"],
  ] as const)("%o reads %s", (call, text) => expect(callEntryText(call)).toBe(text));
});

describe("endedStateText", () => {
  it.each([
    ["completed", "Call ended"],
    ["cancelled", "Call ended"],
    ["failed", "Call ended"],
    [null, "Call ended"],
    ["missed", "No answer"],
    ["declined", "Declined"],
    ["busy", "Busy"],
  ] as const)("%s reads %s", (outcome, text) => expect(endedStateText(outcome)).toBe(text));
});

describe("microphoneErrorMessage", () => {
  const named = (name: string) => new DOMException("browser message", name);

  it.each([
    ["NotAllowedError", /allow the microphone for this site/],
    ["SecurityError", /secure \(https\) pages/],
    ["NotFoundError", /No microphone was found/],
    ["OverconstrainedError", /No microphone was found/],
    ["NotReadableError", /Another application or tab is using it/],
    ["AbortError", /Another application or tab is using it/],
    ["TypeError", /does not allow calls here/],
  ])("%s says what to do", (name, advice) => {
    const text = microphoneErrorMessage(named(name));
    expect(text.startsWith("Hourglass can't use your microphone.")).toBe(true);
    expect(text).toMatch(advice);
  });

  it("reads a plain object with a name, and anything else as unsupported", () => {
    expect(microphoneErrorMessage({ name: "NotAllowedError" })).toMatch(/allow the microphone/);
    expect(microphoneErrorMessage("nonsense")).toMatch(/does not allow calls here/);
    expect(microphoneErrorMessage(null)).toMatch(/does not allow calls here/);
  });
});

describe("refusalText", () => {
  it("shows the server's refusals as the panel's state", () => {
    expect(refusalText("busy")).toEqual({ state: "Busy", note: null });
    expect(refusalText("already_in_call")).toEqual({ state: "Call ended", note: expect.stringMatching(/already on a call/) });
    expect(refusalText("already_answered")).toEqual({ state: "Call ended", note: expect.stringMatching(/answered in another tab/) });
    expect(refusalText("call_ended")).toEqual({ state: "Call ended", note: expect.stringMatching(/already ended/) });
    expect(refusalText("internal")).toEqual({ state: "Call ended", note: null });
  });
});

describe("firstName", () => {
  it.each([
    ["Fiona Freelancer", "Fiona"],
    ["  Clara  Client ", "Clara"],
    ["Cher", "Cher"],
  ])("%s -> %s", (name, first) => expect(firstName(name)).toBe(first));
});

import { describe, expect, it } from "vitest";
import { callProblems, callRingSecondsOverride, parseIceServers, turnSettings } from "./calls";
import { environmentProblems } from "./environment";

describe("ICE_SERVERS", () => {
  it("is none when unset, else a JSON array of RTCIceServer", () => {
    expect(parseIceServers(undefined)).toEqual([]);
    expect(parseIceServers(" ")).toEqual([]);
    expect(parseIceServers('[{"urls":["stun:a.example:3478","stun:b.example:3478"]},{"urls":"turn:t.example:3478","username":"u","credential":"c"}]')).toEqual([
      { urls: ["stun:a.example:3478", "stun:b.example:3478"] },
      { urls: "turn:t.example:3478", username: "u", credential: "c" },
    ]);
  });

  it.each([
    ["not JSON", "[{urls:'stun:x'}]", /is not JSON/],
    ["not an array", '{"urls":"stun:x.example"}', /must be a JSON array/],
    ["an entry that is no object", '["stun:x.example"]', /ICE_SERVERS\[0\] must be an object/],
    ["a URL of another scheme", '[{"urls":"https://x.example"}]', /ICE_SERVERS\[0\]\.urls must be stun:/],
    ["no urls", "[{}]", /ICE_SERVERS\[0\]\.urls/],
    ["a TURN server without credentials", '[{"urls":"turn:t.example"}]', /give its username and credential/],
    ["an unknown field", '[{"urls":"stun:x.example","url":"stun:y"}]', /unknown field "url"/],
  ])("refuses %s, saying what is wrong", (_name, raw, message) => {
    expect(() => parseIceServers(raw)).toThrow(message);
  });
});

describe("TURN_SECRET, TURN_URLS, TURN_TTL_SECONDS", () => {
  it("go together, with an hour by default", () => {
    expect(turnSettings({})).toBeNull();
    expect(turnSettings({ TURN_SECRET: "s", TURN_URLS: "turn:t.example:3478" })).toEqual({ secret: "s", urls: ["turn:t.example:3478"], ttlSeconds: 3600 });
    expect(() => turnSettings({ TURN_SECRET: "s" })).toThrow(/without TURN_URLS/);
    expect(() => turnSettings({ TURN_URLS: "turn:t.example" })).toThrow(/without TURN_SECRET/);
    expect(() => turnSettings({ TURN_SECRET: "s", TURN_URLS: "stun:t.example" })).toThrow(/not a turn: or turns: URL/);
    expect(() => turnSettings({ TURN_SECRET: "s", TURN_URLS: "turn:t.example", TURN_TTL_SECONDS: "5" })).toThrow(/60 to 86400/);
  });
});

describe("the calls' settings at start", () => {
  const longSecret = "north-window-copper-lantern-7781-quiet";
  it("production refuses a short TURN_SECRET and a shortened ring; every mode a malformed ICE_SERVERS", () => {
    expect(callProblems({ TURN_SECRET: longSecret, TURN_URLS: "turn:t.example" }, true)).toEqual([]);
    expect(callProblems({ TURN_SECRET: "short", TURN_URLS: "turn:t.example" }, true)).toEqual([expect.stringMatching(/^TURN_SECRET is 5 characters long/)]);
    expect(callProblems({ TURN_SECRET: "short", TURN_URLS: "turn:t.example", HOURGLASS_CALL_RING_SECONDS: "12" }, false)).toEqual([]);
    expect(callProblems({ HOURGLASS_CALL_RING_SECONDS: "12" }, true)).toEqual([expect.stringMatching(/HOURGLASS_CALL_RING_SECONDS is set/)]);
    expect(callProblems({ ICE_SERVERS: "nope" }, false)).toEqual([expect.stringMatching(/ICE_SERVERS is not JSON/)]);
    // through the check every process runs at start
    expect(environmentProblems({ HOURGLASS_MODE: "production", TURN_SECRET: "short", TURN_URLS: "turn:t.example" }, "production", {})).toContainEqual(expect.stringMatching(/TURN_SECRET is 5/));
    expect(environmentProblems({ HOURGLASS_MODE: "demo", ICE_SERVERS: "[1]" })).toEqual([expect.stringMatching(/ICE_SERVERS\[0\]/)]);
  });

  it("HOURGLASS_CALL_RING_SECONDS is whole seconds", () => {
    expect(callRingSecondsOverride({})).toBeNull();
    expect(callRingSecondsOverride({ HOURGLASS_CALL_RING_SECONDS: "12" })).toBe(12);
    expect(() => callRingSecondsOverride({ HOURGLASS_CALL_RING_SECONDS: "1.5" })).toThrow(/whole seconds/);
  });
});

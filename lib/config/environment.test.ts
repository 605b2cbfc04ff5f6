import { describe, expect, it } from "vitest";
import { appMode, assertSafeEnvironment, environmentProblems, launcherMode, weakSecretReason } from "./environment";

const STRONG = "k3Jx9Qw2Lr8Tz5Vb7Nm1Pd4Hs6Gf0Ya2Ue";
const SAFE_PRODUCTION = { NODE_ENV: "production", AUTH_SECRET: STRONG, PUSHER_APP_ID: "portal", PUSHER_KEY: "portal-key-1", PUSHER_SECRET: `${STRONG}x`, SMTP_URL: "smtps://portal:pw@mail.example.com:465", MAIL_FROM: "Hourglass <billing@example.com>" };

describe("the mode", () => {
  it("is decided by the launcher: npm start is production unless told test or demo", () => {
    expect(launcherMode("start", {})).toBe("production");
    expect(launcherMode("start", { HOURGLASS_MODE: "demo" })).toBe("demo");
    expect(launcherMode("dev", {})).toBe("development");
    expect(() => launcherMode("start", { HOURGLASS_MODE: "development" })).toThrow(/serves a production build/);
    expect(() => launcherMode("dev", { HOURGLASS_MODE: "prod" })).toThrow(/not a mode/);
  });

  it("is production for a process told nothing (the worker under tsx has no NODE_ENV)", () => {
    expect(appMode({})).toBe("production");
    expect(appMode({ HOURGLASS_MODE: "production", NODE_ENV: "development" })).toBe("production");
  });
});

describe("production refuses an unsafe environment", () => {
  it("accepts a safe one", () => {
    expect(environmentProblems(SAFE_PRODUCTION)).toEqual([]);
  });

  it.each([
    ["a fake clock (R1.4)", { HOURGLASS_NOW: "2027-03-01" }, /HOURGLASS_NOW is set/],
    ["a clock offset (R1.4)", { HOURGLASS_CLOCK_OFFSET_MS: "86400000" }, /HOURGLASS_CLOCK_OFFSET_MS is set/],
    ["a missing AUTH_SECRET", { AUTH_SECRET: undefined }, /AUTH_SECRET is not set/],
    ["a short AUTH_SECRET", { AUTH_SECRET: "short-secret" }, /AUTH_SECRET is 12 characters long/],
    ["a committed test AUTH_SECRET", { AUTH_SECRET: "route-access-test-secret-of-at-least-32-chars" }, /AUTH_SECRET is a known default/],
    ["a placeholder AUTH_SECRET", { AUTH_SECRET: "please-changeme-before-going-live-0123" }, /AUTH_SECRET is a known default/],
    ["a repetitive AUTH_SECRET", { AUTH_SECRET: "ab".repeat(20) }, /fewer than 8 distinct/],
    ["the dev realtime secret", { PUSHER_SECRET: "hourglass-secret" }, /PUSHER_SECRET is 16 characters long/],
    ["a short realtime secret", { PUSHER_SECRET: "0123456789abcdef0123" }, /PUSHER_SECRET is 20 characters long/],
    ["no realtime secret", { PUSHER_SECRET: undefined }, /PUSHER_SECRET is not set/],
    ["the dev realtime key", { PUSHER_KEY: "hourglass-key" }, /PUSHER_KEY is the dev default/],
    ["no realtime app id", { PUSHER_APP_ID: undefined }, /PUSHER_APP_ID is not set/],
    ["the demo seed", { HOURGLASS_SEED_DEMO: "1" }, /HOURGLASS_SEED_DEMO=1/],
    ["an unknown mode", { HOURGLASS_MODE: "prod" }, /HOURGLASS_MODE="prod" is not a mode/],
  ])("refuses %s", (_name, change, message) => {
    const problems = environmentProblems({ ...SAFE_PRODUCTION, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it("takes hosted Pusher's own 20-character secrets, but not the dev default", () => {
    const hosted = { ...SAFE_PRODUCTION, PUSHER_CLUSTER: "eu", PUSHER_SECRET: "0123456789abcdef0123" };
    expect(environmentProblems(hosted)).toEqual([]);
    expect(environmentProblems({ ...hosted, PUSHER_SECRET: "hourglass-secret" })).toEqual([expect.stringMatching(/dev default/)]);
  });

  it("checks only what a process uses, and lists every problem at once", () => {
    const env = { NODE_ENV: "production", HOURGLASS_NOW: "2027-03-01" };
    expect(environmentProblems(env, "production", {})).toEqual([expect.stringMatching(/HOURGLASS_NOW/)]);
    expect(() => assertSafeEnvironment("worker", env)).toThrow(/worker refuses to start:\n {2}- HOURGLASS_NOW is set[^]*AUTH_SECRET[^]*PUSHER_SECRET/);
  });

  it("lets test, demo and development use a fake clock and the dev credentials", () => {
    for (const mode of ["test", "demo", "development"]) {
      expect(environmentProblems({ HOURGLASS_MODE: mode, HOURGLASS_NOW: "2027-03-01" })).toEqual([]);
    }
  });
});

describe("weakSecretReason", () => {
  it("takes 32 random characters", () => {
    expect(weakSecretReason(STRONG)).toBeNull();
    expect(weakSecretReason("a".repeat(31))).toMatch(/31 characters/);
  });
});

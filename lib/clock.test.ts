import { describe, expect, it } from "vitest";
import { appMode, clockOffsetMs } from "./clock";

describe("clock (R1.4)", () => {
  const real = Date.parse("2026-01-01T00:00:00Z");

  it("is the real clock when nothing is set", () => {
    expect(clockOffsetMs({ NODE_ENV: "production" }, real)).toBe(0);
  });

  it("starts at HOURGLASS_NOW in development, test and demo mode", () => {
    for (const env of [{ NODE_ENV: "development" }, { NODE_ENV: "production", HOURGLASS_MODE: "test" }, { HOURGLASS_MODE: "demo" }]) {
      expect(clockOffsetMs({ ...env, HOURGLASS_NOW: "2024-06-09T23:50:00Z" }, real)).toBe(Date.parse("2024-06-09T23:50:00Z") - real);
    }
  });

  it("prefers the launcher's shared offset over HOURGLASS_NOW", () => {
    expect(clockOffsetMs({ NODE_ENV: "test", HOURGLASS_CLOCK_OFFSET_MS: "-5000", HOURGLASS_NOW: "2024-01-01T00:00:00Z" }, real)).toBe(-5000);
  });

  it("refuses a shifted clock in production", () => {
    expect(() => clockOffsetMs({ NODE_ENV: "production", HOURGLASS_NOW: "2024-06-09T23:50:00Z" }, real)).toThrow(/test and demo mode only/);
    expect(() => clockOffsetMs({ HOURGLASS_MODE: "production", HOURGLASS_CLOCK_OFFSET_MS: "1" }, real)).toThrow(/test and demo mode only/);
    // the worker and scripts run under tsx with no NODE_ENV: that is production too
    expect(() => clockOffsetMs({ HOURGLASS_NOW: "2027-03-01T00:00:00Z" }, real)).toThrow(/test and demo mode only/);
  });

  it("names the variable and the expected form for bad values", () => {
    expect(() => clockOffsetMs({ NODE_ENV: "test", HOURGLASS_NOW: "next tuesday" }, real)).toThrow(/HOURGLASS_NOW must be an ISO instant/);
    expect(() => clockOffsetMs({ NODE_ENV: "test", HOURGLASS_CLOCK_OFFSET_MS: "soon" }, real)).toThrow(/HOURGLASS_CLOCK_OFFSET_MS must be a number/);
  });

  it("derives the mode from HOURGLASS_MODE, else NODE_ENV", () => {
    expect(appMode({ NODE_ENV: "production" })).toBe("production");
    expect(appMode({ NODE_ENV: "production", HOURGLASS_MODE: "demo" })).toBe("demo");
    expect(appMode({ NODE_ENV: "development" })).toBe("development");
    // fail closed: an unknown mode, or nothing at all, is production
    expect(appMode({ HOURGLASS_MODE: "bogus", NODE_ENV: "test" })).toBe("production");
    expect(appMode({})).toBe("production");
    expect(appMode({ NODE_ENV: "test" })).toBe("test");
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addDays, dayLayout, dayOf, isValidTimeZone, localTime, offsetLabel, zonedParts } from "./zone";
import { isDay } from "@/lib/validation/day";

const iso = (ms: number) => new Date(ms).toISOString();

describe("dayLayout", () => {
  it("gives a UTC day 24 rows of six slots, from 00:00 to 23:50 UTC", () => {
    const l = dayLayout("2024-06-12", "UTC");
    expect(l.hours).toBe(24);
    expect(l.rows).toHaveLength(24);
    expect(l.rows.every((r) => r.cells.length === 6 && r.note === null)).toBe(true);
    expect(iso(l.start)).toBe("2024-06-12T00:00:00.000Z");
    expect(iso(l.end)).toBe("2024-06-13T00:00:00.000Z");
    expect(l.rows[4]!.label).toBe("04:00");
    expect(l.rows[4]!.cells.map((c) => c.i)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(iso(l.rows[4]!.cells[1]!.slot)).toBe("2024-06-12T04:10:00.000Z");
  });

  it("shifts the day by the zone's offset (Karachi, UTC+5)", () => {
    const l = dayLayout("2024-06-12", "Asia/Karachi");
    expect(iso(l.start)).toBe("2024-06-11T19:00:00.000Z");
    expect(iso(l.end)).toBe("2024-06-12T19:00:00.000Z");
    expect(l.rows[0]!.label).toBe("00:00");
    expect(l.rows).toHaveLength(24);
  });

  it("has 23 hours on the spring-forward day, with no 02:00 row (New York, 10 March 2024)", () => {
    const l = dayLayout("2024-03-10", "America/New_York");
    expect(l.hours).toBe(23);
    expect(l.rows).toHaveLength(23);
    expect(l.rows.map((r) => r.label)).not.toContain("02:00");
    expect(l.rows.slice(0, 3).map((r) => r.label)).toEqual(["00:00", "01:00", "03:00"]);
    expect(l.rows.flatMap((r) => r.cells)).toHaveLength(138);
  });

  it("has 25 hours on the fall-back day, the repeated hour told apart by its offset (New York, 3 November 2024)", () => {
    const l = dayLayout("2024-11-03", "America/New_York");
    expect(l.hours).toBe(25);
    const ones = l.rows.filter((r) => r.label === "01:00");
    expect(ones.map((r) => r.note)).toEqual(["UTC\u221204:00", "UTC\u221205:00"]);
    expect(l.rows.filter((r) => r.note !== null)).toHaveLength(2);
    expect(l.rows.flatMap((r) => r.cells)).toHaveLength(150);
    // the two 01:00 rows are an hour apart in UTC
    expect(ones[1]!.cells[0]!.slot - ones[0]!.cells[0]!.slot).toBe(3_600_000);
  });

  it("places slots of a +05:45 zone at :05, :15 ... in six cells per hour (Kathmandu)", () => {
    const l = dayLayout("2024-06-12", "Asia/Kathmandu");
    expect(l.rows).toHaveLength(24);
    expect(localTime(l.start, "Asia/Kathmandu")).toBe("00:05");
    expect(l.rows.every((r) => r.cells.length === 6)).toBe(true);
    expect(l.rows[0]!.cells.map((c) => c.i)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("covers every slot exactly once across consecutive days (property, several zones)", () => {
    const zones = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kathmandu", "Australia/Lord_Howe", "America/Sao_Paulo"];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(...zones), (n, zone) => {
        const day = addDays("2020-01-01", n);
        const a = dayLayout(day, zone);
        const b = dayLayout(addDays(day, 1), zone);
        const slots = a.rows.flatMap((r) => r.cells.map((c) => c.slot));
        expect(b.start).toBe(a.end);
        expect(slots.length).toBe((a.end - a.start) / 600_000);
        for (let k = 1; k < slots.length; k++) expect(slots[k]! - slots[k - 1]!).toBe(600_000);
        for (const s of slots) expect(dayOf(s, zone)).toBe(day);
      }),
      { numRuns: 120 },
    );
  });
});

describe("zone helpers", () => {
  it("knows IANA zones and refuses others", () => {
    expect(isValidTimeZone("Asia/Karachi")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });

  it("reads local parts and offsets", () => {
    const ms = Date.parse("2024-06-12T15:05:00Z");
    expect(zonedParts(ms, "America/New_York")).toMatchObject({ day: 12, hour: 11, minute: 5, offsetMinutes: -240 });
    expect(zonedParts(ms, "Asia/Karachi")).toMatchObject({ day: 12, hour: 20, offsetMinutes: 300 });
    expect(dayOf(Date.parse("2024-06-12T20:00:00Z"), "Asia/Karachi")).toBe("2024-06-13");
  });

  it("does calendar arithmetic and validates days", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(isDay("2024-02-30")).toBe(false);
    expect(isDay("2024-6-1")).toBe(false);
    expect(isDay("2024-12-31")).toBe(true);
  });

  it("labels offsets", () => {
    expect(offsetLabel(0)).toBe("UTC");
    expect(offsetLabel(345)).toBe("UTC+05:45");
    expect(offsetLabel(-240)).toBe("UTC\u221204:00");
  });
});

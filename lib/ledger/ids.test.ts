import { describe, expect, it } from "vitest";
import { isoWeekLabel, referenceId, shortHash, uuidFromKey } from "./ids";

describe("ledger identities", () => {
  it("derives the same UUID from the same key, a different one from another key", () => {
    expect(uuidFromKey("close:a:2024-06-03:hourly")).toBe(uuidFromKey("close:a:2024-06-03:hourly"));
    expect(uuidFromKey("close:a:2024-06-03:hourly")).not.toBe(uuidFromKey("close:b:2024-06-03:hourly"));
    expect(uuidFromKey("x")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("labels weeks by ISO 8601 week, including the ones that straddle a new year", () => {
    expect(isoWeekLabel(new Date("2024-06-09T23:50:00Z"))).toBe("2024W23");
    expect(isoWeekLabel(new Date("2024-06-10T12:00:00Z"))).toBe("2024W24");
    expect(isoWeekLabel(new Date("2024-12-30T00:00:00Z"))).toBe("2025W01");
    expect(isoWeekLabel(new Date("2021-01-03T12:00:00Z"))).toBe("2020W53");
  });

  it("makes readable reference IDs: HG-<kind>-<ISO week>-<10 base-32 characters>", () => {
    expect(referenceId("INV", new Date("2024-06-03T00:00:00Z"), "invoice:c:2024-06-03")).toMatch(/^HG-INV-2024W23-[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(shortHash("k", 4)).toHaveLength(4);
    expect(shortHash("k")).toBe(shortHash("k"));
  });
});

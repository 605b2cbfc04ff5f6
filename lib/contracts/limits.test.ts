import { describe, expect, it } from "vitest";
import { describeLimit, limitView } from "./limits";

const created = new Date("2024-05-27T09:00:00Z");

describe("limitView (R4.3)", () => {
  it("shows a decrease as waiting for next Monday", () => {
    const rows = [
      { limitMinutes: 600, requestedAt: created },
      { limitMinutes: 300, requestedAt: new Date("2024-06-05T10:00:00Z") }, // Wednesday
    ];
    const view = limitView(rows, new Date("2024-06-05T12:00:00Z"));
    expect(view).toEqual({ nowHours: 10, next: { hours: 5, from: new Date("2024-06-10T00:00:00Z") } });
    expect(describeLimit(view)).toBe("10 h now, 5 h from Mon 10 Jun");
  });

  it("applies an increase to the whole current week at once", () => {
    const rows = [
      { limitMinutes: 600, requestedAt: created },
      { limitMinutes: 1200, requestedAt: new Date("2024-06-06T10:00:00Z") }, // Thursday
    ];
    const view = limitView(rows, new Date("2024-06-06T11:00:00Z"));
    expect(view).toEqual({ nowHours: 20, next: null });
    expect(describeLimit(view)).toBe("20 h");
  });

  it("reads no limit as null and says so", () => {
    expect(describeLimit(limitView([{ limitMinutes: null, requestedAt: created }], new Date("2024-06-06T00:00:00Z")))).toBe("no limit");
  });
});

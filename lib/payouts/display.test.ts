import { describe, expect, it } from "vitest";
import { centsToInput, parseDollars } from "@/lib/format/money";
import { dateTime, payoutDay } from "./display";

describe("Get Paid formats", () => {
  it("cents to input text and back, exactly", () => {
    for (const cents of [0, 1, 99, 100, 12_345, 18_400, 100_000_000]) expect(parseDollars(centsToInput(cents))).toBe(cents);
    expect(centsToInput(18_400)).toBe("184.00");
  });

  it("instants in the viewer's zone; payout days in UTC (R10.3)", () => {
    expect(dateTime("2024-06-15T15:05:00Z", "Asia/Karachi")).toBe("Sat 15 Jun 2024, 20:05");
    expect(dateTime("2024-06-15T23:30:00Z", "America/New_York")).toBe("Sat 15 Jun 2024, 19:30");
    expect(payoutDay("2024-06-26T00:00:00.000Z")).toBe("Wed 26 Jun 2024");
  });
});

import { describe, expect, it } from "vitest";
import { chooseOne, fieldLabel, listOf, summarizeFields } from "./field-labels";

describe("field labels and summaries", () => {
  it.each([
    ["title", "Title"],
    ["hourlyRateCents", "Hourly rate"],
    ["segmentIds.3", "Segments"],
    ["someNewFieldCents", "Some new field"],
    ["socket_id", "Connection"],
    ["upload_part", "Upload part"],
    ["constructor", "Constructor"],
    ["cvc", "Security code (CVC)"],
    ["amounts.1", "Micro-deposit amounts"],
  ])("%s reads as %s", (key, label) => {
    expect(fieldLabel(key)).toBe(label);
  });

  it("summarizes field errors in words, each after its label, a whole-request error alone", () => {
    expect(summarizeFields({ title: "Give the contract a title.", weeklyLimitHours: "Use whole hours" })).toBe("Title: Give the contract a title. Weekly limit: Use whole hours.");
    expect(summarizeFields({ body: "Send the fields as a JSON object." })).toBe("Send the fields as a JSON object.");
    expect(summarizeFields({})).toBe("Check what you entered and try again.");
  });

  it("lists choices by label", () => {
    expect(listOf(["A"])).toBe("A");
    expect(listOf(["A", "B", "C"])).toBe("A, B or C");
    expect(chooseOne("a colour", ["RED_ISH", "BLUE"] as const, { RED_ISH: "Reddish", BLUE: "Blue" })).toBe("Choose a colour: Reddish or Blue.");
  });
});

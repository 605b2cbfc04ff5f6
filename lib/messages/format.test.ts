import { describe, expect, it } from "vitest";
import { fileSize, messageDay, messageStamp, messageTime, preview } from "./format";

describe("message formatting", () => {
  const at = "2024-06-12T23:30:00Z";
  it("uses the viewer's time zone, so a late UTC message is the next day in Karachi", () => {
    expect(messageTime(at, "UTC")).toBe("23:30");
    expect(messageTime(at, "Asia/Karachi")).toBe("04:30");
    expect(messageDay(at, "UTC")).toBe("Wed 12 Jun 2024");
    expect(messageDay(at, "Asia/Karachi")).toBe("Thu 13 Jun 2024");
    expect(messageStamp(at, "America/New_York")).toBe("12 Jun, 19:30");
  });

  it.each([
    [12, "12 bytes"],
    [2048, "2 KB"],
    [10 * 1024 * 1024, "10.0 MB"],
  ])("sizes %i as %s", (bytes, text) => expect(fileSize(bytes)).toBe(text));

  it("previews the body on one line, or the attachments", () => {
    expect(preview("  Hello\n\nthere ", 0)).toBe("Hello there");
    expect(preview("", 1)).toBe("1 attachment");
    expect(preview(" ", 3)).toBe("3 attachments");
  });
});

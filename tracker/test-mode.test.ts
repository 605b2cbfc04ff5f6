import { describe, expect, it } from "vitest";
import { refuseTestModeUnlessAllowed } from "./test-mode";

describe("refuseTestModeUnlessAllowed", () => {
  it("allows test modes only when the portal says testModes: true", () => {
    expect(() => refuseTestModeUnlessAllowed({ portal: { testModes: true } }, "--speed")).not.toThrow();
  });

  it.each([
    ["production portal", { portal: { testModes: false } }, /--speed is a test mode.*production/],
    ["portal that does not say", {}, /--speed is a test mode.*does not say/],
    ["unknown portal (offline)", null, /--speed is a test mode.*could not be asked/],
  ])("refuses for a %s", (_name, profile, message) => {
    expect(() => refuseTestModeUnlessAllowed(profile, "--speed")).toThrow(message);
  });
});

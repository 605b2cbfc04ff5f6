import { describe, expect, it } from "vitest";
import { settingsSectionsFor } from "./sections";

describe("settingsSectionsFor", () => {
  it("gives freelancers Get Paid and Tracker first, clients Billing first, and everyone notifications, account and security", () => {
    expect(settingsSectionsFor("FREELANCER").map((s) => s.label)).toEqual(["Get Paid", "Tracker", "Notifications", "Account", "Security"]);
    expect(settingsSectionsFor("CLIENT").map((s) => s.label)).toEqual(["Billing", "Notifications", "Account", "Security"]);
    expect(settingsSectionsFor("ADMIN")[0]?.href).toBe("/settings/notifications");
  });
});

import { describe, expect, it } from "vitest";
import { navFor } from "./navigation";

describe("navigation by role", () => {
  it.each([
    ["FREELANCER", ["Work Diary", "Contracts", "Disputes", "Reports", "Get Paid", "Messages"]],
    ["CLIENT", ["Work Diary", "Contracts", "Disputes", "Reports", "Messages"]],
    ["ADMIN", ["Work Diary", "Contracts", "Disputes", "Admin"]],
  ] as const)("%s sees %j", (role, labels) => {
    expect(navFor(role).map((i) => i.label)).toEqual(labels);
  });
});

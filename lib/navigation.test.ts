import { describe, expect, it } from "vitest";
import { navFor } from "./navigation";

describe("navigation by role", () => {
  it.each([
    ["FREELANCER", ["Work Diary", "Reports", "Get Paid", "Messages"]],
    ["CLIENT", ["Work Diary", "Reports", "Messages"]],
    ["ADMIN", ["Work Diary", "Admin"]],
  ] as const)("%s sees %j", (role, labels) => {
    expect(navFor(role).map((i) => i.label)).toEqual(labels);
  });
});

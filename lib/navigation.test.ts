import { describe, expect, it } from "vitest";
import { currentHref, navFor } from "./navigation";

describe("navigation by role", () => {
  it.each([
    ["FREELANCER", ["Work Diary", "Contracts", "Disputes", "Reports", "Get Paid", "Messages"]],
    ["CLIENT", ["Work Diary", "Contracts", "Disputes", "Reports", "Messages"]],
    ["ADMIN", ["Work Diary", "Contracts", "Disputes", "Admin"]],
  ] as const)("%s sees %j", (role, labels) => {
    expect(navFor(role).map((i) => i.label)).toEqual(labels);
  });
});

describe("the current header link", () => {
  const hrefs = ["/diary", "/contracts", "/admin/disputes", "/reports", "/settings/get-paid", "/admin", "/settings"];
  it.each([
    ["/contracts", "/contracts"],
    ["/contracts/new", "/contracts"],
    ["/admin/disputes/123", "/admin/disputes"],
    ["/admin", "/admin"],
    ["/reports/invoices/HG-1", "/reports"],
    ["/settings/get-paid", "/settings/get-paid"],
    ["/settings/tokens", "/settings"],
    ["/", null],
    ["/diary-old", null],
    ["/messages", null],
  ] as const)("%s marks %s", (path, href) => {
    expect(currentHref(path, hrefs)).toBe(href);
  });
});

// The tab id the call API takes (8-64 of [A-Za-z0-9_-]), one per tab.
import { describe, expect, it } from "vitest";
import { newTabId, tabId } from "./tab-id";

describe("tab id", () => {
  it("is 22 characters the call API accepts, and new each time it is made", () => {
    const ids = new Set(Array.from({ length: 200 }, newTabId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("stays the same for the tab (here without sessionStorage: for the page's life)", () => {
    expect(tabId()).toBe(tabId());
    expect(tabId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

import { describe, expect, it } from "vitest";
import { classifySegments, foldEmptyHours, memoLabels, moveFocus, totalsOf, weekLimitHours, weekOfDay } from "./grid";

const at = (s: string) => new Date(s);
const limit = (hours: number | null, requestedAt = "2024-05-01T00:00:00Z") => ({ limitMinutes: hours === null ? null : hours * 60, requestedAt: at(requestedAt) });

function slots(startIso: string, count: number, manualEvery = 0) {
  const start = Date.parse(startIso);
  return Array.from({ length: count }, (_, k) => ({ slotStart: new Date(start + k * 600_000), manual: manualEvery > 0 && k % manualEvery === manualEvery - 1 }));
}

describe("classifySegments (R4.2 through lib/billing)", () => {
  it("marks the segments past the weekly limit over limit, in time order", () => {
    const segs = slots("2024-06-10T04:00:00Z", 8, 4); // 80 minutes, every 4th manual
    const { classes, limits } = classifySegments(segs, [limit(1)]);
    expect(segs.map((s) => classes.get(s.slotStart.getTime()))).toEqual(["billable", "billable", "billable", "manual", "billable", "billable", "over_limit", "over_limit"]);
    expect(limits.get(Date.parse("2024-06-10T00:00:00Z"))).toBe(60);
  });

  it("classifies each work week on its own when the segments span Monday 00:00 UTC", () => {
    const segs = [...slots("2024-06-09T23:30:00Z", 3), ...slots("2024-06-10T00:00:00Z", 3)];
    const { classes } = classifySegments(segs, [limit(0)]);
    expect([...classes.values()].every((c) => c === "over_limit")).toBe(true);
    const open = classifySegments(segs, [limit(null)]);
    expect([...open.classes.values()]).toEqual(Array(6).fill("billable"));
    const small = classifySegments([...slots("2024-06-09T23:00:00Z", 6), ...slots("2024-06-10T00:00:00Z", 2)], [limit(1)]);
    // 6 slots of the earlier week fill its hour; the new week starts again
    expect([...small.classes.values()]).toEqual([...Array(6).fill("billable"), "billable", "billable"]);
  });

  it("applies R4.3: a raise during the week applies to the whole week", () => {
    const segs = slots("2024-06-10T04:00:00Z", 9);
    const rows = [limit(1), limit(2, "2024-06-12T09:00:00Z")];
    expect([...classifySegments(segs, rows).classes.values()].filter((c) => c === "over_limit")).toHaveLength(0);
    expect(weekLimitHours(rows, at("2024-06-03T00:00:00Z"))).toBe(1);
  });

  it("treats a contract without limit history as unlimited, and a week before it by its first limit", () => {
    expect(weekLimitHours([], at("2024-06-10T00:00:00Z"))).toBeNull();
    expect(weekLimitHours([limit(5, "2024-06-12T00:00:00Z")], at("2024-06-03T00:00:00Z"))).toBe(5);
  });
});

describe("totalsOf", () => {
  it("adds tracked, manual, over limit and billable minutes", () => {
    expect(
      totalsOf([
        { manual: false, class: "billable" },
        { manual: true, class: "manual" },
        { manual: false, class: "over_limit" },
        { manual: true, class: "over_limit" },
      ]),
    ).toEqual({ trackedMinutes: 20, manualMinutes: 20, overLimitMinutes: 20, billableMinutes: 20, loggedMinutes: 40 });
  });
});

describe("weekOfDay", () => {
  it("counts a day straddling Monday 00:00 UTC in the week holding its middle", () => {
    // Karachi Monday 10 June: Sun 19:00 UTC .. Mon 19:00 UTC
    expect(weekOfDay(Date.parse("2024-06-09T19:00:00Z"), Date.parse("2024-06-10T19:00:00Z")).toISOString()).toBe("2024-06-10T00:00:00.000Z");
    // New York Sunday 9 June: Sun 04:00 UTC .. Mon 04:00 UTC
    expect(weekOfDay(Date.parse("2024-06-09T04:00:00Z"), Date.parse("2024-06-10T04:00:00Z")).toISOString()).toBe("2024-06-03T00:00:00.000Z");
  });
});

describe("memoLabels", () => {
  const cells = (memos: Array<string | null>) => memos.map((memo, i) => ({ i, memo }));

  it("puts one label over each run of equal memos, and none over gaps", () => {
    expect(memoLabels(cells(["a", "a", null, "b", "b", "a"]), 6)).toEqual([{ memo: "a", span: 2 }, null, null, { memo: "b", span: 2 }, null, { memo: "a", span: 1 }]);
  });

  it("cuts a run where a wrapped line ends, so each line has its own label", () => {
    expect(memoLabels(cells(["a", "a", "a", "a", "a", "a"]), 3)).toEqual([{ memo: "a", span: 3 }, null, null, { memo: "a", span: 3 }, null, null]);
  });

  it("does not join cells that are not adjacent in time", () => {
    expect(memoLabels([{ i: 0, memo: "a" }, { i: 2, memo: "a" }], 6)).toEqual([{ memo: "a", span: 1 }, { memo: "a", span: 1 }]);
  });
});

describe("moveFocus", () => {
  const full = Array.from({ length: 3 }, () => [0, 1, 2, 3, 4, 5]);

  it("moves along the day with left/right, wrapping between hours and stopping at the ends", () => {
    expect(moveFocus(full, { row: 0, cell: 5 }, "ArrowRight")).toEqual({ row: 1, cell: 0 });
    expect(moveFocus(full, { row: 1, cell: 0 }, "ArrowLeft")).toEqual({ row: 0, cell: 5 });
    expect(moveFocus(full, { row: 0, cell: 0 }, "ArrowLeft")).toEqual({ row: 0, cell: 0 });
    expect(moveFocus(full, { row: 2, cell: 5 }, "ArrowRight")).toEqual({ row: 2, cell: 5 });
  });

  it("keeps the column with up/down, taking the nearest cell of a short row", () => {
    expect(moveFocus(full, { row: 0, cell: 3 }, "ArrowDown")).toEqual({ row: 1, cell: 3 });
    const ragged = [[0, 1, 2, 3, 4, 5], [3, 4, 5]];
    expect(moveFocus(ragged, { row: 0, cell: 1 }, "ArrowDown")).toEqual({ row: 1, cell: 0 });
    expect(moveFocus(ragged, { row: 1, cell: 2 }, "ArrowUp")).toEqual({ row: 0, cell: 5 });
  });

  it("goes to the row's or the day's ends with Home/End", () => {
    expect(moveFocus(full, { row: 1, cell: 3 }, "Home")).toEqual({ row: 1, cell: 0 });
    expect(moveFocus(full, { row: 1, cell: 3 }, "End")).toEqual({ row: 1, cell: 5 });
    expect(moveFocus(full, { row: 1, cell: 3 }, "End", true)).toEqual({ row: 2, cell: 5 });
    expect(moveFocus(full, { row: 1, cell: 3 }, "PageDown")).toEqual({ row: 2, cell: 3 });
  });
});

describe("foldEmptyHours", () => {
  const day = (worked: number[]) =>
    Array.from({ length: 24 }, (_, h) => ({ label: `${String(h).padStart(2, "0")}:00`, cells: Array.from({ length: 6 }, (_, k) => ({ seg: worked.includes(h) && k === 2 ? h : null })) }));

  it("folds runs of empty hours into one line each, a 2.5-hour day into five lines", () => {
    expect(foldEmptyHours(day([8, 9, 10]))).toEqual([
      { kind: "fold", first: 0, last: 7, from: "00:00", to: "08:00" },
      { kind: "hour", row: 8 },
      { kind: "hour", row: 9 },
      { kind: "hour", row: 10 },
      { kind: "fold", first: 11, last: 23, from: "11:00", to: "24:00" },
    ]);
  });

  it("keeps a lone empty hour, and folds nothing on a day without time", () => {
    expect(foldEmptyHours(day([0, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23])).slice(0, 4)).toEqual([
      { kind: "hour", row: 0 },
      { kind: "hour", row: 1 },
      { kind: "hour", row: 2 },
      { kind: "fold", first: 3, last: 4, from: "03:00", to: "05:00" },
    ]);
    expect(foldEmptyHours(day([]))).toHaveLength(24);
    expect(foldEmptyHours(day([]).slice(0, 23))).toHaveLength(23); // a 23-hour day (DST)
  });
});

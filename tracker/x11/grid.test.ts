import { describe, expect, it } from "vitest";
import { blitRgb, gridLayout } from "./grid";
import { monitorAt, tidyMonitors, type Monitor } from "./randr";

const fhd = { width: 1920, height: 1080 };

describe("gridLayout: all monitors in a picture close to 16:9", () => {
  it.each([
    { name: "one monitor is itself", pictures: [fhd], size: [1920, 1080], cells: [[0, 0]] },
    { name: "two side by side stay side by side (a tie keeps the desk's order)", pictures: [fhd, fhd], size: [3840, 1080], cells: [[0, 0], [1920, 0]] },
    { name: "three side by side become a 2x2 grid", pictures: [fhd, fhd, fhd], size: [3840, 2160], cells: [[0, 0], [1920, 0], [0, 1080]] },
    { name: "four become 2x2", pictures: [fhd, fhd, fhd, fhd], size: [3840, 2160], cells: [[0, 0], [1920, 0], [0, 1080], [1920, 1080]] },
    { name: "six become 3x2", pictures: Array.from({ length: 6 }, () => fhd), size: [5760, 2160], cells: [[0, 0], [1920, 0], [3840, 0], [0, 1080], [1920, 1080], [3840, 1080]] },
    { name: "mixed sizes get cells of the largest", pictures: [fhd, { width: 2560, height: 1440 }, fhd], size: [5120, 2880], cells: [[0, 0], [2560, 0], [0, 1440]] },
  ])("$name", ({ pictures, size, cells }) => {
    const grid = gridLayout(pictures);
    expect([grid.width, grid.height]).toEqual(size);
    expect(grid.cells.map((c) => [c.x, c.y])).toEqual(cells);
  });
});

describe("blitRgb", () => {
  it("copies each row to its place", () => {
    const target = Buffer.alloc(4 * 3 * 3);
    const source = Buffer.from([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]); // 2x2
    blitRgb(target, 4, source, { width: 2, height: 2 }, { x: 1, y: 1 });
    const at = (x: number, y: number) => target[(y * 4 + x) * 3];
    expect([at(0, 0), at(1, 1), at(2, 1), at(1, 2), at(2, 2), at(3, 2), at(0, 1)]).toEqual([0, 1, 2, 3, 4, 0, 0]);
  });
});

const m = (x: number, y: number, width: number, height: number, primary = false): Monitor => ({ x, y, width, height, primary });

describe("tidyMonitors", () => {
  it("drops a monitor that covers others, and an exact mirror; sorts in reading order; clips to the root", () => {
    const root = { width: 3840, height: 1080 };
    expect(tidyMonitors([m(1920, 0, 1920, 1080), m(0, 0, 3840, 1080, true), m(0, 0, 1920, 1080), m(1920, 0, 1920, 1080)], root)).toEqual([m(0, 0, 1920, 1080), m(1920, 0, 1920, 1080)]);
    expect(tidyMonitors([m(-100, 0, 1000, 1080), m(5000, 0, 100, 100)], root)).toEqual([m(0, 0, 900, 1080)]);
  });
});

describe("monitorAt", () => {
  const layout = [m(0, 0, 1920, 1080), m(1920, 0, 1920, 1080, true)];
  it("finds the monitor under the point, else the primary one", () => {
    expect(monitorAt(layout, { x: 1919, y: 5 })).toBe(layout[0]);
    expect(monitorAt(layout, { x: 1920, y: 5 })).toBe(layout[1]);
    expect(monitorAt(layout, { x: 10, y: 2000 })).toBe(layout[1]);
  });
});

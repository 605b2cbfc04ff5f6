// No loop between lib/ folders: read every import of every non-test file under lib/, draw one
// arrow per folder pair, and fail on any strongly connected group of two or more folders
// (the issue that introduced this found ledger, payouts, disputes, bonuses, jobs and five more
// in one loop). ESLint's floor plan states which layer may import which; this holds the domain
// folders, which sit on one layer, to a direction among themselves.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const LIB = path.join(process.cwd(), "lib");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** folder -> the other lib/ folders its files import */
function folderArrows(): Map<string, Set<string>> {
  const arrows = new Map<string, Set<string>>();
  for (const file of sources(LIB)) {
    const from = path.relative(LIB, file).split(path.sep)[0]!;
    if (from.includes(".")) continue; // a file directly under lib/ is no folder
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/from "([^"]+)"/g)) {
      const target = spec!.startsWith("@/lib/") ? spec!.slice("@/lib/".length) : spec!.startsWith(".") ? path.relative(LIB, path.resolve(path.dirname(file), spec!)) : null;
      const to = target?.split("/")[0];
      if (!to || to.startsWith("..") || to === from || to.includes(".")) continue;
      if (!arrows.has(from)) arrows.set(from, new Set());
      arrows.get(from)!.add(to);
    }
  }
  return arrows;
}

/** Tarjan's strongly connected components with more than one member. */
function loops(arrows: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of arrows.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of new Set([...arrows.keys(), ...[...arrows.values()].flatMap((s) => [...s])])) if (!index.has(v)) visit(v);
  return found;
}

describe("lib/ folders", () => {
  it("form no import loop", () => {
    expect(loops(folderArrows())).toEqual([]);
  });

  it("a loop would be found (the check can fail)", () => {
    const arrows = new Map([["ledger", new Set(["payouts"])], ["payouts", new Set(["ledger", "config"])]]);
    expect(loops(arrows)).toEqual([["ledger", "payouts"]]);
  });

  it("reads the real imports (the domain folders do import each other, downward)", () => {
    expect(folderArrows().get("payouts")).toContain("ledger");
  });
});

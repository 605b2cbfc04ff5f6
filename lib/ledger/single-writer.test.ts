// R11 one writer of the ledger: rows of ledger_transfers and ledger_entries are
// written by lib/ledger/book.ts alone (its insertTransfersCte / insertEntriesCte,
// and bookTransfers on top of them). Everything else books through it, so the
// columns, the enum cast, the idempotency and "entries only for transfers written
// now" live in one place. Tests and benchmark seeds may write raw rows on purpose
// (the database's own guarantees are tested that way), so they are not scanned.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WRITER = "lib/ledger/book.ts";
const SCANNED = ["app", "lib", "scripts", "tracker", "components"];

const WRITES = [
  /\bINSERT\s+INTO\s+"?ledger_(transfers|entries)\b/i,
  /\bCOPY\s+"?ledger_(transfers|entries)\b/i,
  /\bledger(Transfer|Entry)\s*\.\s*(create|createMany|createManyAndReturn|upsert)\s*\(/,
];

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(path.join(ROOT, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : sourceFiles(rel);
    return /\.(ts|tsx|js|mjs|sql)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

describe("the ledger's single writer", () => {
  it("finds no INSERT into ledger_transfers or ledger_entries, nor a Prisma create of them, outside lib/ledger/book.ts", () => {
    const files = SCANNED.flatMap(sourceFiles);
    expect(files).toContain(WRITER);
    const writers = files.filter((file) => {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      return WRITES.some((w) => w.test(text));
    });
    expect(writers).toEqual([WRITER]);
  });
});

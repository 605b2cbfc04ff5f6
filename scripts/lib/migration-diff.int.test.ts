// db:diff against the schema committed with the newest migration, in a throwaway
// git repository with a copy of the real schema, through the real Prisma CLI.
import { execFileSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "../../lib/db/migrate";
import { createTestDatabase, type TestDatabase } from "../../tests/support/database";
import { diffSinceLastMigration, schemaOfLastMigration, type SchemaPaths } from "./migration-diff";

let repo: string;
let paths: SchemaPaths;
let tdb: TestDatabase;

const git = (...args: string[]) => execFileSync("git", ["-C", repo, "-c", "user.name=test", "-c", "user.email=test@hourglass.test", ...args], { stdio: "ignore" });
const addMigration = (name: string, sql: string) => {
  mkdirSync(path.join(paths.migrationsDir, name), { recursive: true });
  writeFileSync(path.join(paths.migrationsDir, name, "migration.sql"), sql);
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  repo = mkdtempSync(path.join(tmpdir(), "hourglass-db-diff-repo-"));
  paths = { root: repo, migrationsDir: path.join(repo, "prisma/migrations"), schemaPath: path.join(repo, "prisma/schema.prisma") };
  mkdirSync(paths.migrationsDir, { recursive: true });
  copyFileSync("prisma/schema.prisma", paths.schemaPath);
  git("init", "-q");
});
afterAll(async () => {
  await tdb?.prisma.$disconnect();
  rmSync(repo, { recursive: true, force: true });
});

describe("db:diff", () => {
  it("diffs from the schema committed with the newest migration: nothing when unchanged, the change when not, and refuses an uncommitted migration", async () => {
    expect(schemaOfLastMigration(paths)).toBeNull(); // no migration yet: from empty
    addMigration("20260101000000_init", "-- the whole schema\n");
    git("add", ".");
    git("commit", "-q", "-m", "init");
    expect(diffSinceLastMigration(paths, tdb.url)).toBe("");

    appendFileSync(paths.schemaPath, '\nmodel Probe {\n  id Int @id\n  @@map("probes")\n}\n');
    const sql = diffSinceLastMigration(paths, tdb.url);
    expect(sql).toMatch(/CREATE TABLE "probes"/);
    expect(sql).not.toMatch(/CREATE TABLE "users"/);

    addMigration("20260102000000_probe", sql);
    expect(() => schemaOfLastMigration(paths)).toThrow(/not committed yet/);
    git("add", ".");
    git("commit", "-q", "-m", "probe");
    expect(diffSinceLastMigration(paths, tdb.url)).toBe("");
  }, 180_000);

  it("finds only migration.sql in the project's migration folders: nothing else is read", () => {
    const extra = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(path.join(MIGRATIONS_DIR, d.name)).filter((f) => f !== "migration.sql").map((f) => `${d.name}/${f}`));
    expect(extra).toEqual([]);
  });
});

import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/support/database";
import { migrate, MIGRATIONS_DIR, readMigrations } from "./migrate";

async function emptyDatabase(): Promise<string> {
  // A template copy already holds the migrations; drop everything to start empty.
  const { url, prisma } = await createTestDatabase();
  await prisma.$disconnect();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  await client.end();
  return url;
}

describe("migrate", () => {
  it("applies every committed migration once, records it for Prisma, and is a no-op the second time", async () => {
    const url = await emptyDatabase();
    const first = await migrate(url);
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));
    const second = await migrate(url);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query(`SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`);
    await client.end();
    expect(rows.rows).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum })));
  });

  it("applies each migration exactly once when several processes run it at the same time", async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const appliedCounts = results.map((r) => r.applied.length).sort();
    expect(appliedCounts).toEqual([0, 0, readMigrations().length]);
  });

  it("refuses to run when an applied migration was edited afterwards", async () => {
    const url = await emptyDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    await migrate(url, { dir });
    const first = readMigrations(dir)[0]!;
    writeFileSync(path.join(dir, first.name, "migration.sql"), `${first.sql}\n-- edited`);
    await expect(migrate(url, { dir })).rejects.toThrow(/edited after it was applied/);
  });

  it("rolls a failing migration back whole and reports which one failed", async () => {
    const url = await emptyDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    mkdirSync(path.join(dir, "0001_ok"));
    writeFileSync(path.join(dir, "0001_ok", "migration.sql"), "CREATE TABLE a (id int);");
    mkdirSync(path.join(dir, "0002_broken"));
    writeFileSync(path.join(dir, "0002_broken", "migration.sql"), "CREATE TABLE b (id int); SELECT no_such_function();");
    await expect(migrate(url, { dir })).rejects.toThrow(/0002_broken failed/);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = await client.query(`SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    const applied = await client.query(`SELECT migration_name FROM "_prisma_migrations"`);
    await client.end();
    expect(tables.rows.map((r) => r.tablename)).toEqual(["_prisma_migrations", "a"]);
    expect(applied.rows.map((r) => r.migration_name)).toEqual(["0001_ok"]);
  });
});

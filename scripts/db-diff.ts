// npm run db:diff -- <name>: write the SQL from the schema as of the last migration to prisma/schema.prisma
// as a new migration folder. Review it, append what Prisma cannot express (CHECKs, partial indexes,
// triggers), and commit it with the schema change. Choice: folders hold only migration.sql (see scripts/lib/migration-diff.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MIGRATIONS_DIR } from "../lib/db/migrate";
import { provideDatabase } from "./lib/database";
import { diffSinceLastMigration } from "./lib/migration-diff";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:diff -- <snake_case_name>");
  process.exit(2);
}
const db = await provideDatabase();
try {
  const sql = diffSinceLastMigration({ root: process.cwd(), migrationsDir: MIGRATIONS_DIR, schemaPath: path.resolve("prisma/schema.prisma") }, db.url);
  if (!sql) {
    console.log("prisma/schema.prisma matches the last migration: nothing to write");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  if (db.embedded) await db.stop();
}

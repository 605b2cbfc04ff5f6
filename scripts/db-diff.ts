// npm run db:diff -- <name>: write the SQL that takes the schema as of the last
// migration (its schema.prisma snapshot, or nothing) to prisma/schema.prisma,
// as a new migration folder. Prisma's diff through the pg adapter supports only
// datamodel-to-datamodel, and still wants a reachable database, so one is
// provided. Review the SQL, add what Prisma cannot express (CHECKs, partial
// indexes, triggers) at its end, then commit it.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate";
import { provideDatabase } from "./lib/database";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:diff -- <snake_case_name>");
  process.exit(2);
}
const last = readMigrations().at(-1);
const snapshot = last ? path.join(MIGRATIONS_DIR, last.name, "schema.prisma") : null;
if (snapshot && !existsSync(snapshot)) {
  console.error(`${snapshot} is missing: every migration keeps the schema it was made from`);
  process.exit(1);
}
const db = await provideDatabase();
try {
  const from = snapshot ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = execFileSync(
    "npx",
    ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
    { env: { ...process.env, DATABASE_URL: db.url }, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (!sql.trim() || sql.includes("This is an empty migration")) {
    console.log("prisma/schema.prisma matches the last migration: nothing to write");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    copyFileSync("prisma/schema.prisma", path.join(dir, "schema.prisma"));
    console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  if (db.embedded) await db.stop();
}

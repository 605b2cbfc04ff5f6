// What `npm run db:diff` diffs: prisma/schema.prisma against the schema committed with the newest migration folder (from git).
// Choice: git rather than a stored copy or --from-migrations: Prisma wants a shadow database, which it refuses
// with a driver adapter, and introspection fails on the adapter's `name` columns (orm#27403, docs/development.md).
// So a migration must be committed with the schema change it makes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readMigrations } from "../../lib/db/migrate";

export interface SchemaPaths {
  /** the git checkout */
  root: string;
  /** prisma/migrations under root */
  migrationsDir: string;
  /** prisma/schema.prisma under root */
  schemaPath: string;
}

const git = (root: string, args: string[]) => execFileSync("git", ["-C", root, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/**
 * The schema.prisma the newest migration was committed with, or null when there is no migration yet.
 * Throws when the newest migration is not committed (its schema is then unknown: commit it first).
 */
export function schemaOfLastMigration(paths: SchemaPaths): string | null {
  const last = readMigrations(paths.migrationsDir).at(-1);
  if (!last) return null;
  const sqlPath = path.relative(paths.root, path.join(paths.migrationsDir, last.name, "migration.sql"));
  const commit = git(paths.root, ["log", "-1", "--diff-filter=A", "--format=%H", "--", sqlPath]).trim();
  if (!commit) throw new Error(`${sqlPath} is not committed yet: commit it with its schema change, then diff again`);
  return git(paths.root, ["show", `${commit}:${path.relative(paths.root, paths.schemaPath).split(path.sep).join("/")}`]);
}

/**
 * The SQL from the schema of the newest migration to the schema file as it is now; "" when they
 * match. Prisma's datamodel diff wants a reachable database (`databaseUrl`), though it changes nothing there.
 */
export function diffSinceLastMigration(paths: SchemaPaths, databaseUrl: string): string {
  const migrated = schemaOfLastMigration(paths);
  const scratch = mkdtempSync(path.join(tmpdir(), "hourglass-db-diff-"));
  try {
    const from = migrated === null ? ["--from-empty"] : ["--from-schema-datamodel", path.join(scratch, "migrated.prisma")];
    if (migrated !== null) writeFileSync(from[1]!, migrated);
    const sql = execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", paths.schemaPath, "--script"], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    return !sql.trim() || sql.includes("This is an empty migration") ? "" : sql;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

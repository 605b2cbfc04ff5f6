// Applies the committed SQL migrations in prisma/migrations/<folder>/migration.sql.
// Prisma's own `migrate deploy` hangs and misreads types through the pg adapter
// on our WASM engines (docs/development.md), so umzug applies them instead:
// one transaction per migration, recorded in Prisma's `_prisma_migrations`
// table with the same sha256 so Prisma's tools still read the history, and a
// session advisory lock so concurrent runs apply each migration exactly once.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { Umzug, type UmzugStorage } from "umzug";

const LOCK_KEY = 7_204_511_302; // arbitrary, constant: "hourglass migrations"

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(databaseUrl: string, opts: { dir?: string; log?: (l: string) => void } = {}): Promise<MigrateResult> {
  const log = opts.log ?? (() => undefined);
  const files = readMigrations(opts.dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(CREATE_TABLE);

    const storage: UmzugStorage = {
      async executed() {
        const rows = await client.query<{ migration_name: string; checksum: string }>(
          `SELECT migration_name, checksum FROM "_prisma_migrations"
           WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
        );
        for (const row of rows.rows) {
          const file = files.find((f) => f.name === row.migration_name);
          if (file && file.checksum !== row.checksum) {
            throw new Error(`Migration ${row.migration_name} was edited after it was applied (checksum differs). Add a new migration instead.`);
          }
        }
        return rows.rows.map((r) => r.migration_name);
      },
      async logMigration() {
        // Recorded inside the migration's own transaction (see `up` below).
      },
      async unlogMigration() {
        throw new Error("Down migrations are not supported: write a new forward migration.");
      },
    };

    const umzug = new Umzug({
      logger: undefined,
      storage,
      migrations: files.map((file) => ({
        name: file.name,
        up: async () => {
          const started = new Date();
          await client.query("BEGIN");
          try {
            await client.query(file.sql);
            await client.query(
              `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
               VALUES ($1, $2, now(), $3, $4, 1)`,
              [randomUUID(), file.checksum, file.name, started],
            );
            await client.query("COMMIT");
          } catch (error) {
            await client.query("ROLLBACK");
            throw new Error(`Migration ${file.name} failed: ${(error as Error).message}`, { cause: error });
          }
          log(`applied ${file.name}`);
        },
      })),
    });

    const before = await umzug.executed();
    const applied = await umzug.up();
    return { applied: applied.map((m) => m.name), alreadyApplied: before.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

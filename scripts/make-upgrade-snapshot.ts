// npx tsx scripts/make-upgrade-snapshot.ts [--commit 6e98202] [--name release-6e98202]
// Regenerates tests/fixtures/upgrade/<name>/: the demo database of a past release, as that release's
// own migrations and seed made it, for lib/operations/upgrade/upgrade.int.test.ts to upgrade.
//   database.sql.gz  pg_dump, plain SQL with INSERTs (loads through the pg driver, no psql needed)
//   files/<key>      a few of its stored files (two screenshots with their thumbnails, an attachment)
//   snapshot.json    the commit, the demo's clock, its migrations and those files' checksums
// The release is checked out in a temporary git worktree sharing this checkout's node_modules, and
// seeded into a throwaway PostgreSQL; both are removed at the end.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { ensureDatabaseExists, startEmbeddedPostgres, urlFor } from "../lib/db/embedded";
import { sha256Of } from "../lib/operations/backup/manifest";
import { findPgTool, pgConnection, pgServer } from "../lib/operations/backup/pg-tools";

const { values } = parseArgs({ options: { commit: { type: "string", default: "6e98202" }, name: { type: "string" } } });
const commit = execFileSync("git", ["rev-parse", "--short", values.commit!]).toString().trim();
const name = values.name ?? `release-${commit}`;
const out = path.resolve("tests/fixtures/upgrade", name);
// Choice: the demo's clock is fixed, so the snapshot does not depend on the day it was made
const DEMO_NOW = "2026-12-02T15:05:00Z";

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const work = mkdtempSync(path.join(tmpdir(), "hourglass-upgrade-snapshot-"));
chmodSync(work, 0o755); // postgres runs as its own user when we are root
const tree = path.join(work, "tree");
const dataDir = path.join(work, "data");
let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
try {
  console.error(`Checking out ${commit} in ${tree}`);
  execFileSync("git", ["worktree", "add", "--detach", tree, commit], { stdio: "ignore" });
  symlinkSync(path.resolve("node_modules"), path.join(tree, "node_modules"));
  execFileSync(path.join(tree, "node_modules/.bin/prisma"), ["generate"], { cwd: tree, stdio: "ignore", env: { ...process.env, DATABASE_URL: "postgresql://localhost/unused" } });

  const port = await freePort();
  server = await startEmbeddedPostgres({ dataDir: path.join(work, "postgres"), port, ephemeral: true });
  await ensureDatabaseExists(server.adminUrl, "hourglass");
  const url = urlFor(port, "hourglass");
  console.error(`Migrating and seeding with ${commit}'s own npm run db:seed`);
  execFileSync(path.join(tree, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/seed.ts"], {
    cwd: tree,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: url, HOURGLASS_MODE: "test", HOURGLASS_NOW: DEMO_NOW, HOURGLASS_DATA_DIR: dataDir, AUTH_SECRET: "upgrade-snapshot-only-auth-secret-7d1e" },
  });

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pgDump = await findPgTool("pg_dump", await pgServer(client));
  const { rows: migrations } = await client.query<{ name: string }>(`SELECT migration_name AS name FROM "_prisma_migrations" ORDER BY migration_name`);
  const { rows: picked } = await client.query<{ key: string }>(
    `(SELECT unnest(ARRAY[storage_key, thumb_key]) AS key FROM (SELECT * FROM screenshots ORDER BY storage_key LIMIT 2) AS two)
     UNION ALL (SELECT storage_key FROM attachments ORDER BY storage_key LIMIT 1)`,
  );
  await client.end();

  const connection = pgConnection(url);
  const sql = execFileSync(pgDump, ["--format=plain", "--no-owner", "--no-privileges", "--rows-per-insert=100", "--dbname", connection.dbname], { env: connection.env, maxBuffer: 256 * 1024 * 1024 })
    .toString()
    // psql meta-commands (\restrict, since the 2025 minor releases) mean nothing to the pg driver
    .split("\n")
    .filter((line) => !line.startsWith("\\"))
    .join("\n");

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, "database.sql.gz"), gzipSync(sql, { level: 9 }));
  const files = picked.map(({ key }) => {
    const target = path.join(out, "files", key);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(dataDir, "storage", key), target);
    return { key, sha256: sha256Of(readFileSync(target)) };
  });
  const snapshot = { commit: execFileSync("git", ["rev-parse", commit]).toString().trim(), demoNow: DEMO_NOW, migrations: migrations.map((m) => m.name), files };
  writeFileSync(path.join(out, "snapshot.json"), `${JSON.stringify(snapshot, null, 2)}\n`);
  console.error(`Wrote ${out}: ${migrations.length} migrations, ${files.length} files`);
} finally {
  await server?.stop();
  execFileSync("git", ["worktree", "remove", "--force", tree], { stdio: "ignore" });
  rmSync(work, { recursive: true, force: true });
}

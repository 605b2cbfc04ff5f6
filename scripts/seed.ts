// npm run db:seed [-- --reset]: load the demo data (into an empty database, or
// after wiping every table with --reset). Never run --reset against production.
import pg from "pg";
import { migrate } from "../lib/db/migrate";
import { appMode, now } from "../lib/clock";
import { provideDatabase } from "./lib/database";
import { seedIfEmpty } from "./lib/seed-if-empty";
import { ensureAuthSecret } from "./lib/prepare";

// Choice: the demo's accounts share a published password and --reset wipes every
// table, so neither runs in production (which is also what a shell with no mode is).
if (appMode() === "production") {
  console.error("db:seed refuses to run in production: the demo accounts share a published password, and --reset wipes every table. Set HOURGLASS_MODE=development, test or demo.");
  process.exit(1);
}
const reset = process.argv.includes("--reset");
// the demo's closed weeks are sealed with the portal key, encrypted under the portal's AUTH_SECRET (R15.3)
process.env.AUTH_SECRET = ensureAuthSecret(false);
const db = await provideDatabase();
try {
  await migrate(db.url);
  if (reset) {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ t: string }>(
      `SELECT quote_ident(tablename) AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    // R15.2 proof records refuse TRUNCATE unless the session says it wipes the demo (migration 20261206220400)
    await client.query("SET hourglass.wipe = 'demo'");
    await client.query(`TRUNCATE ${rows.map((r) => r.t).join(", ")} CASCADE`);
    await client.end();
  }
  const seeded = await seedIfEmpty(db.url, now());
  if (!seeded) console.log("The database already has users; use --reset to wipe it and load the demo again.");
} finally {
  if (db.embedded) await db.stop();
}

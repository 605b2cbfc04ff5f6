// npm run db:migrate: apply committed migrations to DATABASE_URL (or the embedded
// database when unset), then exit.
import { migrate } from "../lib/db/migrate";
import { provideDatabase } from "./lib/database";

const db = await provideDatabase();
try {
  const result = await migrate(db.url, { log: (l) => console.log(l) });
  console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied} already applied`);
} finally {
  if (db.embedded) await db.stop();
}

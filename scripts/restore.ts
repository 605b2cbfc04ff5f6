// npm run restore -- <dir>: a backup of npm run backup into an empty database (DATABASE_URL, or the
// embedded one) and empty storage, after checking every checksum; then this release's migrations.
import { restoreBackup } from "../lib/operations/backup/restore";
import { createBlobStore } from "../lib/storage";
import { runOperation } from "./lib/operation";

await runOperation("restore", process.argv.slice(2), async (dir, databaseUrl, log) => {
  await restoreBackup({ databaseUrl, store: createBlobStore(), dir, log });
});

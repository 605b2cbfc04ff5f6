// npm run backup -- <dir> [--allow-missing]: a consistent backup of the database (DATABASE_URL, or the
// embedded one) and of the stored files (the local folder or S3, as the portal is configured) into
// <dir>, with manifest.json written last. Progress on stderr; a failure ends with one sentence.
import { parseArgs } from "node:util";
import { createBackup } from "../lib/operations/backup/backup";
import { createBlobStore } from "../lib/storage";
import { runOperation } from "./lib/operation";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { "allow-missing": { type: "boolean" } } });
await runOperation("backup", positionals, async (dir, databaseUrl, log) => {
  await createBackup({ databaseUrl, store: createBlobStore(), dir, allowMissing: values["allow-missing"], log });
});

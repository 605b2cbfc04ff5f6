// npm run proof:rotate-key [-- --if-due]
// R15.3 makes a new portal signing key now and retires the current one (it stays published at
// /.well-known/hourglass-keys.json with its window). With --if-due, only when the current key is 90 days
// old, as the worker's daily portal-key-rotation job does.
// Choice: without --if-due it rotates at once: an operator runs it by hand when a key may have leaked.
import path from "node:path";
import { parseArgs } from "node:util";
import { appMode, now } from "../lib/clock";
import { exitUnlessSafeEnvironment } from "../lib/config/environment";
import { migrate } from "../lib/db/migrate";
import { ensureDatabaseExists, startEmbeddedPostgres, urlFor } from "../lib/db/embedded";
import { EMBEDDED_DB_NAME } from "./lib/database";
import { ensureAuthSecret } from "./lib/prepare";

exitUnlessSafeEnvironment("proof:rotate-key", {});
const { values } = parseArgs({ options: { "if-due": { type: "boolean", default: false } } });
// the key is stored encrypted under the portal's AUTH_SECRET: the environment's, or the one npm run dev keeps under .data/
process.env.AUTH_SECRET = ensureAuthSecret(appMode() === "production");
const at = now();

let stopDatabase = async () => undefined as void;
if (!process.env.DATABASE_URL) {
  const server = await startEmbeddedPostgres({ dataDir: path.resolve(process.env.HOURGLASS_DATA_DIR ?? ".data", "postgres"), port: Number(process.env.HOURGLASS_PG_PORT ?? 54329) });
  await ensureDatabaseExists(server.adminUrl, EMBEDDED_DB_NAME);
  process.env.DATABASE_URL = urlFor(server.port, EMBEDDED_DB_NAME);
  if (!server.adopted) stopDatabase = server.stop;
}
let code = 0;
try {
  await migrate(process.env.DATABASE_URL);
  const { rotatePortalKey, publishedKeys } = await import("../lib/proof/portal-keys");
  const result = await rotatePortalKey(at, { onlyIfDue: values["if-due"] });
  if (!result.rotated) console.log(`The portal signing key ${result.keyId} is not due for rotation; nothing changed.`);
  else console.log(`New portal signing key ${result.keyId}.${result.retiredKeyId ? ` ${result.retiredKeyId} is retired: it signs nothing more and stays published.` : ""}`);
  for (const k of await publishedKeys()) console.log(`  ${k.keyId}  from ${k.from}  until ${k.until ?? "(signing now)"}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  code = 1;
} finally {
  const { db } = await import("../lib/db/client");
  await db().$disconnect();
  await stopDatabase();
}
process.exit(code);

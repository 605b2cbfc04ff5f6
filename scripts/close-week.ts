// npm run close-week -- --week 2024-06-03 [--chunk-size 1000] [--parallel 2]
// Runs the weekly close (R1.3) for one week, now. Safe to repeat, and to run
// while the worker runs it too: the close books each contract week once.
// Without --week it closes the most recent week whose close instant has passed.
import path from "node:path";
import { parseArgs } from "node:util";
import { appMode, now } from "../lib/clock";
import { exitUnlessSafeEnvironment, weakSecretReason } from "../lib/config/environment";
import { migrate } from "../lib/db/migrate";
import { weekCloseAt, weekStartOf } from "../lib/billing";
import { ensureDatabaseExists, startEmbeddedPostgres, urlFor } from "../lib/db/embedded";
import { EMBEDDED_DB_NAME } from "./lib/database";
import { ensureAuthSecret } from "./lib/prepare";

// R1.4 no close at a fake instant in production.
exitUnlessSafeEnvironment("close-week", {});
const { values } = parseArgs({ options: { week: { type: "string" }, "chunk-size": { type: "string" }, parallel: { type: "string" } } });
const at = now();
let weekStart: Date;
if (values.week) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.week)) {
    console.error("--week must be a date like 2024-06-03 (the Monday the week starts)");
    process.exit(2);
  }
  weekStart = new Date(`${values.week}T00:00:00Z`);
} else {
  weekStart = new Date(weekStartOf(at).getTime() - 7 * 86_400_000);
  if (at < weekCloseAt(weekStart)) weekStart = new Date(weekStart.getTime() - 7 * 86_400_000);
}

// Crash drill for the resumability tests: die mid-transaction after N chunks (test mode only).
const crashAfter = appMode() === "test" && process.env.HOURGLASS_CLOSE_CRASH_AFTER_CHUNKS ? Number(process.env.HOURGLASS_CLOSE_CRASH_AFTER_CHUNKS) : null;

// DATABASE_URL, or the project's embedded PostgreSQL; one that a running `npm run dev` started is left running.
let stopDatabase = async () => undefined as void;
if (!process.env.DATABASE_URL) {
  const server = await startEmbeddedPostgres({ dataDir: path.resolve(process.env.HOURGLASS_DATA_DIR ?? ".data", "postgres"), port: Number(process.env.HOURGLASS_PG_PORT ?? 54329) });
  await ensureDatabaseExists(server.adminUrl, EMBEDDED_DB_NAME);
  process.env.DATABASE_URL = urlFor(server.port, EMBEDDED_DB_NAME);
  if (!server.adopted) stopDatabase = server.stop;
}
const databaseUrl = process.env.DATABASE_URL;
let code = 0;
try {
  await migrate(databaseUrl);
  const { closeWeek } = await import("../lib/ledger/close-week");
  const started = Date.now();
  const result = await closeWeek({
    weekStart,
    now: at,
    chunkSize: values["chunk-size"] ? Number(values["chunk-size"]) : undefined,
    parallel: values.parallel ? Number(values.parallel) : undefined,
    onChunkWritten: crashAfter === null ? undefined : ({ index }) => {
      if (index >= crashAfter) process.kill(process.pid, "SIGKILL");
    },
  });
  console.log(
    `Closed the week of ${result.weekStart.slice(0, 10)}: ${result.invoicesCreated} new invoice(s) of ${result.contractWeeks} contract week(s) in ${Date.now() - started} ms.`,
  );
  for (const s of result.skipped) console.error(`Skipped contract ${s.contractId}: ${s.reason}`);
  // R15.3 seal what the close wrote, as the weekly-close job does; without the portal's AUTH_SECRET the worker's proof-seals job will
  if (appMode() !== "production" && !process.env.AUTH_SECRET) process.env.AUTH_SECRET = ensureAuthSecret(false);
  const weak = weakSecretReason(process.env.AUTH_SECRET);
  if (weak) {
    console.log(`Not sealed now (AUTH_SECRET ${weak}): the worker's proof-seals job seals the new invoices.`);
  } else {
    const { sealClosedWeeks } = await import("../lib/proof/seal-weeks");
    console.log(`Sealed ${await sealClosedWeeks(at)} invoice(s) with the portal's key.`);
  }
  if (result.skipped.length > 0) code = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  code = 1;
} finally {
  const { db } = await import("../lib/db/client");
  await db().$disconnect();
  await stopDatabase();
}
process.exit(code);

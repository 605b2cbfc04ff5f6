// Gives launchers a database: DATABASE_URL when set, otherwise the project's
// embedded PostgreSQL under .data/postgres (kept across restarts).
import path from "node:path";
import { startEmbeddedPostgres, ensureDatabaseExists, urlFor } from "../../lib/db/embedded";

export interface ProvidedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export const EMBEDDED_DB_NAME = "hourglass";

/** The folder that holds the embedded PostgreSQL, local files and the dev auth secret. */
export function dataFolder(): string {
  return path.resolve(process.env.HOURGLASS_DATA_DIR ?? ".data");
}

/**
 * `ownsDataFolder`: the caller holds the data-folder lock (scripts/lib/data-lock),
 * so a server it finds running was left by a crash and is its own to stop. Without
 * the lock (db:migrate, db:seed) a running server belongs to a running portal and
 * is used, never stopped.
 */
export async function provideDatabase(log: (line: string) => void = console.log, opts: { ownsDataFolder?: boolean } = {}): Promise<ProvidedDatabase> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return { url: fromEnv, embedded: false, stop: async () => undefined };

  const port = Number(process.env.HOURGLASS_PG_PORT ?? 54329);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dataFolder(), "postgres"),
    port,
    log,
  });
  await ensureDatabaseExists(server.adminUrl, EMBEDDED_DB_NAME);
  const stop = server.adopted && !opts.ownsDataFolder ? async () => undefined : server.stop;
  return { url: urlFor(server.port, EMBEDDED_DB_NAME), embedded: true, stop };
}

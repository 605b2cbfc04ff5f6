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

export async function provideDatabase(log: (line: string) => void = console.log): Promise<ProvidedDatabase> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return { url: fromEnv, embedded: false, stop: async () => undefined };

  const port = Number(process.env.HOURGLASS_PG_PORT ?? 54329);
  const server = await startEmbeddedPostgres({
    dataDir: path.resolve(process.env.HOURGLASS_DATA_DIR ?? ".data", "postgres"),
    port,
    log,
  });
  await ensureDatabaseExists(server.adminUrl, EMBEDDED_DB_NAME);
  return { url: urlFor(server.port, EMBEDDED_DB_NAME), embedded: true, stop: server.stop };
}

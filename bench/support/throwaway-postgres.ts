// A bench's own PostgreSQL: a fresh cluster in a folder under the system's temp directory, with an admin
// connection, stopped and deleted at the end whatever happens (a failure is printed and sets the exit code).
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../lib/db/embedded";

export interface ThrowawayPostgres {
  port: number;
  /** the cluster's data folder (postmaster.pid names the server's process) */
  dataDir: string;
  /** connected to the postgres database, for CREATE / DROP DATABASE */
  admin: pg.Client;
}

/** A port free on 127.0.0.1 right now (other benches and test clusters share the machine). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function withThrowawayPostgres(name: string, opts: { ephemeral: boolean }, run: (server: ThrowawayPostgres) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), `hourglass-bench-${name}-`));
  chmodSync(dir, 0o755); // postgres runs as its own user when we are root
  const port = await freePort();
  const dataDir = path.join(dir, "data");
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
  try {
    server = await startEmbeddedPostgres({ dataDir, port, ephemeral: opts.ephemeral });
    const admin = new pg.Client({ connectionString: server.adminUrl });
    admin.on("error", () => undefined); // the server stops under it at the end
    await admin.connect();
    await run({ port, dataDir, admin });
    await admin.end();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

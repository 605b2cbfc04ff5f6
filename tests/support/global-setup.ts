// Integration tests run against a real PostgreSQL: one throwaway embedded
// cluster per run, migrated once into a template database; each test file gets
// its own copy (CREATE DATABASE ... TEMPLATE, ~50 ms).
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer } from "node:net";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, urlFor } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";

export const TEMPLATE_DB = "hourglass_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgPort: number;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "hourglass-test-pg-"));
  chmodSync(dir, 0o755); // postgres runs as its own user when we are root
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port, ephemeral: true });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  await migrate(urlFor(port, TEMPLATE_DB));
  project.provide("pgPort", port);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

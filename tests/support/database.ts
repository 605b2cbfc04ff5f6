// A fresh, migrated database for one test file, wired into lib/db/client.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { createPrismaClient, setDbForTests } from "../../lib/db/client";
import { urlFor } from "../../lib/db/embedded";
import { LocalBlobStore, setBlobStoreForTests } from "../../lib/storage";
import type { PrismaClient } from "../../lib/generated/prisma/client";

export interface TestDatabase {
  prisma: PrismaClient;
  url: string;
  name: string;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const port = inject("pgPort");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: urlFor(port, "postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE hourglass_template`);
  await admin.end();
  const url = urlFor(port, name);
  return { prisma: createPrismaClient(url), url, name };
}

/** Call at the top of a test file: the file's services all use this database. */
export async function setupTestDatabase(): Promise<TestDatabase> {
  const tdb = await createTestDatabase();
  setDbForTests(tdb.prisma);
  setBlobStoreForTests(new LocalBlobStore(mkdtempSync(path.join(tmpdir(), "hourglass-test-blobs-"))));
  afterAll(async () => {
    await tdb.prisma.$disconnect();
  });
  return tdb;
}

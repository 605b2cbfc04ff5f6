// The one Prisma client of a process, created lazily so `next build` needs no
// database, and reused across hot reloads in dev. Its pg pool is also handed
// out (sql()) to the few hot paths that send SQL straight to the driver.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

// On globalThis, not in module scope: a production build instantiates this module once per route
// bundle (and per RSC/SSR layer), and they must all agree on one client and its pool.
const globalForPrisma = globalThis as unknown as { __hourglassPrisma?: PrismaClient; __hourglassPools?: WeakMap<PrismaClient, pg.Pool> };
const pools = (globalForPrisma.__hourglassPools ??= new WeakMap<PrismaClient, pg.Pool>());

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set. Start the portal with `npm run dev` (embedded PostgreSQL) or set DATABASE_URL.");
  }
  return url;
}

export function createPrismaClient(url = databaseUrl()): PrismaClient {
  // Choice: one pool per client, shared with sql(), so the direct path adds no connections.
  // Choice: a connection not made within 10 s fails (503, lib/db/unavailable.ts) rather than holding the request
  // for as long as the network does; a restarted server refuses at once and the pool reconnects by itself.
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), connectionTimeoutMillis: 10_000 });
  // An idle connection the server closed is replaced by the pool; only say so when it was not a shutdown (57P01).
  pool.on("error", (error: Error & { code?: string }) => {
    if (error.code !== "57P01") console.error("[db] idle connection failed:", error.message);
  });
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

export function db(): PrismaClient {
  globalForPrisma.__hourglassPrisma ??= createPrismaClient();
  return globalForPrisma.__hourglassPrisma;
}

/**
 * The pg pool under db(), for hot paths only (tracker ingest, the Work Diary's reads): each Prisma
 * query, raw ones included, is first compiled by its WASM engine, which costs more CPU than the
 * query itself (DESIGN: a single create is 3.3x the driver's). Plain pg parsing applies: cast
 * what pg would not map as wanted (`::text` for uuid/bigint/enum columns is the habit here).
 */
export function sql(): pg.Pool {
  const pool = pools.get(db());
  if (!pool) throw new Error("This Prisma client was not made by createPrismaClient, so it has no pool to share.");
  return pool;
}

/** Tests point the process at their own database. */
export function setDbForTests(client: PrismaClient): void {
  globalForPrisma.__hourglassPrisma = client;
}

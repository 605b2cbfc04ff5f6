// The one Prisma client of a process, created lazily so `next build` needs no
// database, and reused across hot reloads in dev.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

const globalForPrisma = globalThis as unknown as { __hourglassPrisma?: PrismaClient };

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set. Start the portal with `npm run dev` (embedded PostgreSQL) or set DATABASE_URL.");
  }
  return url;
}

export function createPrismaClient(url = databaseUrl()): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) }) });
}

export function db(): PrismaClient {
  globalForPrisma.__hourglassPrisma ??= createPrismaClient();
  return globalForPrisma.__hourglassPrisma;
}

/** Tests point the process at their own database. */
export function setDbForTests(client: PrismaClient): void {
  globalForPrisma.__hourglassPrisma = client;
}

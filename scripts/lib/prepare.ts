// What every launcher does before starting processes: generated client,
// auth secret, database, migrations, demo data, and the shared clock offset.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { migrate } from "../../lib/db/migrate";
import { clockOffsetMs } from "../../lib/clock";
import { provideDatabase, type ProvidedDatabase } from "./database";

export function ensureGeneratedClient(): void {
  if (existsSync("lib/generated/prisma/client.ts")) return;
  console.log("Generating the Prisma client…");
  execFileSync("npm", ["run", "--silent", "prisma:generate"], { stdio: "inherit" });
}

/** AUTH_SECRET from the environment, or one generated once and kept under .data/ (dev and demo only). */
export function ensureAuthSecret(production: boolean): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  if (production) throw new Error("Set AUTH_SECRET (at least 32 random characters) to run in production.");
  const file = path.resolve(process.env.HOURGLASS_DATA_DIR ?? ".data", "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

export interface Prepared {
  db: ProvidedDatabase;
  env: NodeJS.ProcessEnv;
}

export async function prepare(opts: { production: boolean; seedWhenEmpty: boolean }): Promise<Prepared> {
  ensureGeneratedClient();
  const authSecret = ensureAuthSecret(opts.production);
  const db = await provideDatabase();
  const result = await migrate(db.url);
  if (result.applied.length) console.log(`Applied ${result.applied.length} migration(s).`);

  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, AUTH_SECRET: authSecret, NEXT_TELEMETRY_DISABLED: "1" };
  // R1.4 one offset for every process, computed once here.
  const offset = clockOffsetMs(env);
  if (offset !== 0) env.HOURGLASS_CLOCK_OFFSET_MS = String(offset);
  delete env.HOURGLASS_NOW;

  if (opts.seedWhenEmpty) {
    const { seedIfEmpty } = await import("./seed-if-empty");
    await seedIfEmpty(db.url, new Date(Date.now() + offset));
  }
  return { db, env };
}

// What every launcher does before starting processes: the mode and a safe
// environment for it, the data-folder lock, generated client, auth secret,
// database, migrations, demo data, and the shared clock offset.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { migrate } from "../../lib/db/migrate";
import { clockOffsetMs } from "../../lib/clock";
import { assertSafeEnvironment, EnvironmentError, launcherMode, type AppMode } from "../../lib/config/environment";
import { dataFolder, provideDatabase, type ProvidedDatabase } from "./database";
import { DataFolderBusyError, lockDataFolder } from "./data-lock";

export function ensureGeneratedClient(): void {
  if (existsSync("lib/generated/prisma/client.ts")) return;
  console.log("Generating the Prisma client…");
  execFileSync("npm", ["run", "--silent", "prisma:generate"], { stdio: "inherit" });
}

/** AUTH_SECRET from the environment, or one generated once and kept under .data/ (dev and demo only). */
export function ensureAuthSecret(production: boolean): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  if (production) throw new Error("Set AUTH_SECRET (at least 32 random characters) to run in production.");
  const file = path.join(dataFolder(), "auth-secret");
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

/**
 * The mode is decided here, once, and handed to every child as HOURGLASS_MODE.
 * An unsafe environment for it, or a data folder another portal holds, stops the
 * launcher with a clear message before it touches anything.
 */
export async function prepare(opts: { launcher: "start" | "dev"; seedWhenEmpty: boolean }): Promise<Prepared> {
  const command = opts.launcher === "start" ? "npm start" : "npm run dev";
  let mode: AppMode;
  try {
    mode = launcherMode(opts.launcher);
    assertSafeEnvironment(command, { ...process.env, HOURGLASS_MODE: mode });
    // Choice: only the embedded PostgreSQL is locked to one portal; with DATABASE_URL
    // any number of launchers may share a database (they coordinate through it).
    if (!process.env.DATABASE_URL) await lockDataFolder(dataFolder(), command);
  } catch (error) {
    if (!(error instanceof EnvironmentError || error instanceof DataFolderBusyError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const production = mode === "production";
  ensureGeneratedClient();
  const authSecret = ensureAuthSecret(production);
  // the demo seed seals its closed weeks with the portal key, encrypted under this secret (R15.3)
  process.env.AUTH_SECRET = authSecret;
  const db = await provideDatabase(console.log, { ownsDataFolder: true });
  const result = await migrate(db.url);
  if (result.applied.length) console.log(`Applied ${result.applied.length} migration(s).`);
  // R15.2 an upgraded database: contracts whose time predates the proof chain get their records, once
  const { backfillProofRecordsAt } = await import("../../lib/proof/backfill");
  await backfillProofRecordsAt(db.url, console.log);

  const env: NodeJS.ProcessEnv = { ...process.env, HOURGLASS_MODE: mode, DATABASE_URL: db.url, AUTH_SECRET: authSecret, NEXT_TELEMETRY_DISABLED: "1" };
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

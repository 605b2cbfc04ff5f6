// A running portal holds its data folder: a second `npm start` / `npm run dev` on
// it says so and exits without touching the first one's PostgreSQL; db:migrate
// uses that PostgreSQL and leaves it running; a holder killed with -9 leaves no lock.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canConnect as answers, startEmbeddedPostgres, type EmbeddedHandle } from "../lib/db/embedded";
import { DataFolderBusyError, lockDataFolder } from "./lib/data-lock";
import { bareEnv, runTsx as run, SAFE_SECRETS } from "./testing/spawn";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

let dataDir: string;
let port: number;
let first: EmbeddedHandle;
const postmasterPid = () => readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "hourglass-lock-"));
  chmodSync(dataDir, 0o755); // postgres runs as its own user when we are root
  port = await freePort();
  // The first portal: its PostgreSQL, and its hold on the folder.
  first = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port, ephemeral: true });
  await lockDataFolder(dataDir, "first portal");
}, 60_000);

afterAll(async () => {
  await first?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("one portal per data folder", () => {
  it("a second npm run dev and npm start say who holds the folder and exit, leaving its PostgreSQL running", async () => {
    const pid = postmasterPid();
    const env = { ...bareEnv(), HOURGLASS_DATA_DIR: dataDir, HOURGLASS_PG_PORT: String(port) };
    const [dev, start] = await Promise.all([
      run(["scripts/dev.ts"], env),
      run(["scripts/start.ts"], { ...env, ...SAFE_SECRETS }),
    ]);
    for (const second of [dev, start]) {
      expect(second.code).toBe(1);
      expect(second.out).toContain(`is in use by first portal (pid ${process.pid}, since `);
      expect(second.out).not.toContain("PostgreSQL");
    }
    expect(await answers(port)).toBe(true);
    expect(postmasterPid()).toBe(pid);
  }, 60_000);

  it("db:migrate uses the running portal's PostgreSQL and leaves it running", async () => {
    const pid = postmasterPid();
    const result = await run(["scripts/migrate.ts"], { ...bareEnv(), HOURGLASS_DATA_DIR: dataDir, HOURGLASS_PG_PORT: String(port) });
    expect(result.out).toContain("already running");
    expect(result.code).toBe(0);
    expect(await answers(port)).toBe(true);
    expect(postmasterPid()).toBe(pid);
  }, 60_000);

  it("a holder killed with -9 leaves no stale lock behind", async () => {
    const other = mkdtempSync(path.join(tmpdir(), "hourglass-lock-"));
    // One process (no tsx wrapper), so the pid killed is the holder's.
    const holder = spawn(process.execPath, ["--import", "tsx", "scripts/testing/hold-data-folder.ts", other, "doomed"], { stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on("data", (c: Buffer) => c.toString().includes("held") && resolve());
        holder.once("exit", (code) => reject(new Error(`the holder exited (${code})`)));
      });
      await expect(lockDataFolder(other, "second")).rejects.toThrow(DataFolderBusyError);
      await expect(lockDataFolder(other, "second")).rejects.toThrow(`in use by doomed (pid ${holder.pid}, since `);
    } finally {
      holder.kill("SIGKILL");
      await exited;
    }
    const lock = await lockDataFolder(other, "second");
    lock.release();
    rmSync(other, { recursive: true, force: true });
  }, 60_000);
});

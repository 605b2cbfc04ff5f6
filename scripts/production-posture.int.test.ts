// Production is decided by the launcher and checked again by every process it
// starts: the real launcher, worker, close-week and realtime server are spawned
// against a throwaway database with an unsafe environment, and each one exits
// with a clear message before booking anything.
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "../tests/support/database";
import { bareEnv, runTsx as run, SAFE_SECRETS as SAFE } from "./testing/spawn";

const WORKER = ["--conditions=react-server", "scripts/worker.ts"];
const CLOSE_WEEK = ["--conditions=react-server", "scripts/close-week.ts", "--week", "2024-06-03"];
const REALTIME = ["realtime/cli.ts"];

describe("production refuses a fake clock in every process (R1.4)", () => {
  it("npm start exits before touching the database, naming the variable", async () => {
    const db = await createTestDatabase();
    const result = await run(["scripts/start.ts"], { ...bareEnv(), ...SAFE, DATABASE_URL: db.url, HOURGLASS_NOW: "2027-03-01T00:00:00Z" });
    expect(result.code).toBe(1);
    expect(result.out).toContain("npm start refuses to start:\n  - HOURGLASS_NOW is set: a fake clock is for test and demo mode only (R1.4)");
    expect(await db.prisma.scheduledJob.count()).toBe(0);
    await db.prisma.$disconnect();
  });

  it("the worker, close-week and realtime server each refuse it on their own, and nothing is booked", async () => {
    const db = await createTestDatabase();
    const base = { ...bareEnv(), ...SAFE, DATABASE_URL: db.url, REALTIME_PORT: "0" };
    // The reported case: the worker under tsx has no NODE_ENV, and the launcher handed it an offset.
    const offset = String(Date.parse("2027-03-01T00:00:00Z") - Date.now());
    const runs = await Promise.all([
      run(WORKER, { ...base, HOURGLASS_CLOCK_OFFSET_MS: offset }),
      run(WORKER, { ...base, NODE_ENV: "production", HOURGLASS_NOW: "2027-03-01T00:00:00Z" }),
      run(CLOSE_WEEK, { ...base, HOURGLASS_MODE: "production", HOURGLASS_NOW: "2027-03-01T00:00:00Z" }),
      run(REALTIME, { ...base, HOURGLASS_MODE: "production", HOURGLASS_NOW: "2027-03-01T00:00:00Z" }),
    ]);
    const [workerOffset, workerNow, closeWeek, realtime] = runs;
    expect(workerOffset.out).toContain("worker refuses to start:\n  - HOURGLASS_CLOCK_OFFSET_MS is set");
    expect(workerNow.out).toContain("worker refuses to start:\n  - HOURGLASS_NOW is set");
    expect(closeWeek.out).toContain("close-week refuses to start:\n  - HOURGLASS_NOW is set");
    expect(realtime.out).toContain("realtime refuses to start:\n  - HOURGLASS_NOW is set");
    expect(realtime.out).not.toContain("listening on");
    expect(runs.map((r) => r.code)).toEqual([1, 1, 1, 1]);
    expect(await db.prisma.scheduledJob.count()).toBe(0);
    expect(await db.prisma.weekClose.count()).toBe(0);
    await db.prisma.$disconnect();
  });

  it("the same worker runs its jobs on the shifted clock in test mode (the refusal above is the mode, not the harness)", async () => {
    const db = await createTestDatabase();
    const result = await run(WORKER, { ...bareEnv(), DATABASE_URL: db.url, HOURGLASS_MODE: "test", HOURGLASS_NOW: "2024-06-12T10:00:00Z" }, /\[jobs\] rate-limit-sweep/);
    expect(result.out).toContain("[jobs] weekly-close:");
    expect(await db.prisma.scheduledJob.count()).toBeGreaterThan(0);
    await db.prisma.$disconnect();
  });
});

describe("production refuses weak secrets at the launcher", () => {
  it.each([
    ["a short AUTH_SECRET", { AUTH_SECRET: "only-twenty-chars-xx" }, "AUTH_SECRET is 20 characters long"],
    ["the README's dev realtime credentials", { PUSHER_APP_ID: "hourglass", PUSHER_KEY: "hourglass-key", PUSHER_SECRET: "hourglass-secret" }, "PUSHER_SECRET is 16 characters long"],
    ["a short realtime secret", { PUSHER_SECRET: "0123456789abcdef" }, "PUSHER_SECRET is 16 characters long"],
  ])("npm start refuses %s", async (_name, change, message) => {
    const result = await run(["scripts/start.ts"], { ...bareEnv(), ...SAFE, ...change, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/never" });
    expect(result.code).toBe(1);
    expect(result.out).toContain("npm start refuses to start:");
    expect(result.out).toContain(message);
  });

  it("db:seed refuses to load the demo (published passwords) or wipe anything in production", async () => {
    const db = await createTestDatabase();
    const result = await run(["--conditions=react-server", "scripts/seed.ts", "--reset"], { ...bareEnv(), ...SAFE, NODE_ENV: "production", DATABASE_URL: db.url });
    expect(result.code).toBe(1);
    expect(result.out).toContain("db:seed refuses to run in production");
    expect(await db.prisma.user.count()).toBe(0);
    await db.prisma.$disconnect();
  });

  it("the realtime server refuses the dev credentials when run on its own in production", async () => {
    const result = await run(REALTIME, { ...bareEnv(), NODE_ENV: "production", REALTIME_PORT: "0" });
    expect(result.code).toBe(1);
    expect(result.out).toContain('PUSHER_KEY is not set: the dev default "hourglass-key" is public');
    expect(result.out).not.toContain("listening on");
  });
});

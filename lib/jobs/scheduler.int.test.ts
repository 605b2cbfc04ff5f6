// R1.4 a schedule written under a clock set in the future does not stop the jobs
// once the real clock is back: the next run and the lease are pulled back.
import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { runDueJobs, type JobDefinition } from "./scheduler";

const { prisma } = await setupTestDatabase();

const REAL_NOW = new Date("2026-12-07T10:00:00Z");
const FAKE_FUTURE = new Date("2027-03-01T00:00:00Z");

function countingJob(name: string, everyMs: number): JobDefinition & { ran: Date[] } {
  const ran: Date[] = [];
  return { name, ran, nextRunAfter: (now) => new Date(now.getTime() + everyMs), run: async (now) => (ran.push(now), "ok") };
}

async function row(name: string) {
  return prisma.scheduledJob.findUniqueOrThrow({ where: { name } });
}

describe("job schedules never run ahead of the clock", () => {
  it("runs at once a job whose next run a fake future clock left months ahead, then schedules it from the real now", async () => {
    const job = countingJob("future-next-run", 60_000);
    await prisma.scheduledJob.create({ data: { name: job.name, nextRunAt: new Date(FAKE_FUTURE.getTime() + 60_000) } });

    const runs = await runDueJobs(REAL_NOW, [job]);
    expect(runs).toEqual([{ name: job.name, ok: true, summary: "ok" }]);
    expect(job.ran).toEqual([REAL_NOW]);
    expect((await row(job.name)).nextRunAt).toEqual(new Date(REAL_NOW.getTime() + 60_000));
  });

  it("frees a lease a worker on the fake clock took until the fake future", async () => {
    const job = countingJob("future-lease", 60_000);
    await prisma.scheduledJob.create({ data: { name: job.name, nextRunAt: REAL_NOW, lockedBy: "fake-clock-worker", lockedUntil: new Date(FAKE_FUTURE.getTime() + 15 * 60_000) } });

    await runDueJobs(REAL_NOW, [job], { worker: "real-worker" });
    expect(job.ran).toEqual([REAL_NOW]);
    expect(await row(job.name)).toMatchObject({ lockedBy: null, lockedUntil: null });
  });

  it("leaves a regular schedule alone: not due yet, a live lease, or a retry after a failure", async () => {
    const weekly = countingJob("regular-weekly", 7 * 86_400_000);
    await prisma.scheduledJob.create({ data: { name: weekly.name, nextRunAt: new Date(REAL_NOW.getTime() + 6 * 86_400_000) } });
    const leased = countingJob("regular-leased", 30_000);
    await prisma.scheduledJob.create({ data: { name: leased.name, nextRunAt: REAL_NOW, lockedBy: "other", lockedUntil: new Date(REAL_NOW.getTime() + 14 * 60_000) } });
    const retrying = countingJob("regular-retry", 30_000);
    await prisma.scheduledJob.create({ data: { name: retrying.name, nextRunAt: new Date(REAL_NOW.getTime() + 50_000) } });

    expect(await runDueJobs(REAL_NOW, [weekly, leased, retrying])).toEqual([]);
    // a worker whose clock is 3 minutes behind the lease holder's (skew between machines) does not take the lease
    expect(await runDueJobs(new Date(REAL_NOW.getTime() - 4 * 60_000), [leased])).toEqual([]);
    expect([weekly.ran, leased.ran, retrying.ran]).toEqual([[], [], []]);
  });
});

import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { admitAttempt, refundAttempt } from "./attempts";
import { sweepRateLimitWindows } from "./sweep";

const { prisma } = await setupTestDatabase();

describe("password attempts (sliding-window log)", () => {
  it("admits attempts of the last window only, and says when the next one fits", async () => {
    const limit = { key: "test:sliding", limit: 3, windowMs: 60_000 };
    expect((await admitAttempt(limit, new Date("2024-06-05T10:00:00.200Z"))).admitted).toBe(true);
    expect((await admitAttempt(limit, new Date("2024-06-05T10:00:00.900Z"))).admitted).toBe(true);
    expect((await admitAttempt(limit, new Date("2024-06-05T10:00:40Z"))).admitted).toBe(true);
    // the first ages out at 10:01:00.200: 1.2 s away, rounded up
    expect(await admitAttempt(limit, new Date("2024-06-05T10:00:59Z"))).toEqual({ admitted: false, retryAfterSeconds: 2 });
    expect((await admitAttempt(limit, new Date("2024-06-05T10:01:00.300Z"))).admitted).toBe(true);
    const row = await prisma.rateLimitAttempts.findUniqueOrThrow({ where: { key: "test:sliding" } });
    expect(row.attempts.map((a) => a.toISOString())).toEqual(["2024-06-05T10:00:00.900Z", "2024-06-05T10:00:40.000Z", "2024-06-05T10:01:00.300Z"]);
  });

  it("admits exactly the limit out of 60 parallel attempts on one key", async () => {
    const at = new Date("2024-06-05T11:00:00Z");
    const results = await Promise.all(Array.from({ length: 60 }, () => admitAttempt({ key: "test:burst", limit: 5, windowMs: 60_000 }, at)));
    expect(results.filter((r) => r.admitted)).toHaveLength(5);
    expect(results.filter((r) => !r.admitted).every((r) => r.retryAfterSeconds === 60)).toBe(true);
  });

  it("a refund takes back one attempt, not every attempt at the same instant", async () => {
    const limit = { key: "test:refund", limit: 2, windowMs: 60_000 };
    const at = new Date("2024-06-05T12:00:00Z");
    await admitAttempt(limit, at);
    await admitAttempt(limit, at);
    expect((await admitAttempt(limit, at)).admitted).toBe(false);
    await refundAttempt(limit.key, at);
    expect((await prisma.rateLimitAttempts.findUniqueOrThrow({ where: { key: limit.key } })).attempts).toHaveLength(1);
    expect((await admitAttempt(limit, at)).admitted).toBe(true);
  });
});

describe("rate-limit sweep", () => {
  it("removes counters and attempt logs idle for more than an hour and keeps recent ones", async () => {
    const now = new Date("2024-06-05T12:00:00Z");
    // per-minute windows as the tracker API counts them (lib/tracker-tokens/authenticate-tracker-token.ts)
    await prisma.rateLimitWindow.createMany({
      data: [
        { key: "test:old", windowStart: new Date("2024-06-05T10:30:00Z"), count: 1 },
        { key: "test:recent", windowStart: new Date("2024-06-05T11:30:00Z"), count: 1 },
      ],
    });
    await admitAttempt({ key: "test:old-attempts", limit: 5, windowMs: 60_000 }, new Date("2024-06-05T10:30:00Z"));
    await admitAttempt({ key: "test:recent-attempts", limit: 5, windowMs: 60_000 }, new Date("2024-06-05T11:30:00Z"));
    expect(await sweepRateLimitWindows(now)).toBeGreaterThanOrEqual(2);
    const keys = (await prisma.rateLimitWindow.findMany({ where: { key: { startsWith: "test:" } } })).map((w) => w.key);
    expect(keys).toContain("test:recent");
    expect(keys).not.toContain("test:old");
    const logs = (await prisma.rateLimitAttempts.findMany({ where: { key: { endsWith: "-attempts" } } })).map((w) => w.key);
    expect(logs).toEqual(["test:recent-attempts"]);
  });
});

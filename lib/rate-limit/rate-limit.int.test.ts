import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { hit } from "./fixed-window";
import { hitSliding, peekSliding } from "./sliding-window";
import { sweepRateLimitWindows } from "./sweep";

const { prisma } = await setupTestDatabase();

describe("rate-limit windows", () => {
  it("a sliding window counts one-second buckets of the last minute only", async () => {
    const key = "test:sliding";
    await hitSliding(key, new Date("2024-06-05T10:00:00.200Z"));
    await hitSliding(key, new Date("2024-06-05T10:00:00.900Z"));
    await hitSliding(key, new Date("2024-06-05T10:00:40Z"));
    expect(await peekSliding(key, new Date("2024-06-05T10:00:59Z"), 3)).toEqual({ count: 3, retryAfterSeconds: 1 });
    // 10:00:00's bucket has aged out at 10:01:00: one hit is left
    expect((await peekSliding(key, new Date("2024-06-05T10:01:00Z"), 3)).count).toBe(1);
  });

  it("the sweep removes counters older than an hour and keeps recent ones", async () => {
    const now = new Date("2024-06-05T12:00:00Z");
    await hit("test:old", new Date("2024-06-05T10:30:00Z"));
    await hit("test:recent", new Date("2024-06-05T11:30:00Z"));
    expect(await sweepRateLimitWindows(now)).toBeGreaterThanOrEqual(1);
    const keys = (await prisma.rateLimitWindow.findMany({ where: { key: { startsWith: "test:" } } })).map((w) => w.key);
    expect(keys).toContain("test:recent");
    expect(keys).not.toContain("test:old");
  });
});

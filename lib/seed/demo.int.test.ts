import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { blobStore } from "../storage";
import { verifyPassword } from "../auth/password";
import { weekStartOf } from "../billing";
import { DEMO_PASSWORD, seedDemo } from "./demo";

const { prisma } = await setupTestDatabase();
const now = new Date("2024-06-12T15:05:00Z"); // a Wednesday
const result = await seedDemo(prisma, now);

describe("demo seed", () => {
  it("makes one admin, two clients and three freelancers who can sign in with the demo password", async () => {
    const users = await prisma.user.findMany();
    const roles = users.map((u) => u.role).sort();
    expect(roles).toEqual(["ADMIN", "CLIENT", "CLIENT", "FREELANCER", "FREELANCER", "FREELANCER"]);
    await expect(verifyPassword(DEMO_PASSWORD, users[0]!.passwordHash)).resolves.toBe(true);
  });

  it("gives the verified demo client a verified default sandbox card (4242) and the other none (R14.1)", async () => {
    const methods = await prisma.billingMethod.findMany({ include: { client: { select: { email: true } } } });
    expect(methods.map((m) => [m.client.email, m.kind, m.status, m.last4, m.isDefault])).toEqual([["clara@hourglass.test", "CARD", "VERIFIED", "4242", true]]);
  });

  it("gives the bells something on first start: notifications with their emails queued (R16.4)", async () => {
    const notes = await prisma.notification.findMany({ include: { user: { select: { email: true } } } });
    // the seed's own (an offer answered, one received, a pause) and what its money services announced (earnings available)
    expect([...new Set(notes.map((n) => n.user.email))]).toEqual(expect.arrayContaining(["clara@hourglass.test", "felix@hourglass.test", "fiona@hourglass.test"]));
    expect(await prisma.emailOutbox.count({ where: { kind: { in: notes.map((n) => n.kind) } } })).toBe(notes.length);
    // the demo's closed weeks wait for the worker's notifications job, like any new invoice
    expect(await prisma.invoice.count({ where: { announcedAt: null } })).toBeGreaterThan(0);
  });

  it("gives each contract its proof chain: one record per segment, hashed from the screenshot stored (R15.2)", async () => {
    const { GENESIS, checkChain } = await import("../../verifier/src/records");
    for (const c of await prisma.contract.findMany({ select: { id: true, _count: { select: { segments: true } } } })) {
      const rows = await prisma.proofRecord.findMany({ where: { contractId: c.id }, orderBy: { seq: "asc" } });
      expect(rows).toHaveLength(c._count.segments);
      expect((await checkChain(rows.map((r) => r.record), GENESIS, { contract: c.id })).problems).toEqual([]);
    }
    const shot = await prisma.screenshot.findFirstOrThrow();
    const { sha256Hex } = await import("../ingest/content-hash");
    expect(shot.sha256).toBe(sha256Hex((await blobStore().get(shot.storageKey))!));
  });

  it("makes four contracts: with a weekly limit, with manual time, with a weekly payment, and a paused one", async () => {
    const contracts = await prisma.contract.findMany({ include: { limitChanges: true, pauses: true, conversation: true } });
    expect(contracts).toHaveLength(4);
    expect(contracts.some((c) => c.limitChanges.some((l) => l.limitMinutes !== null))).toBe(true);
    expect(contracts.some((c) => c.manualTimeAllowed)).toBe(true);
    expect(contracts.some((c) => c.weeklyPaymentCents > 0)).toBe(true);
    const paused = contracts.filter((c) => c.status === "PAUSED");
    expect(paused).toHaveLength(1);
    expect(paused[0]!.pauses.filter((p) => p.endedAt === null)).toHaveLength(1);
    expect(contracts.every((c) => c.conversation)).toBe(true);
  });

  it("spreads finished segments over two weeks, with varied activity and stored screenshots", async () => {
    const segments = await prisma.segment.findMany({ include: { screenshot: true } });
    expect(segments.length).toBe(result.segments);
    const weeks = new Set(segments.map((s) => weekStartOf(s.slotStart).toISOString()));
    expect(weeks.size).toBe(2);
    expect(segments.every((s) => s.slotStart.getTime() + 600_000 <= now.getTime())).toBe(true);
    const levels = new Set(segments.filter((s) => s.kind === "TRACKED").map((s) => s.activityLevel));
    expect([...levels].some((l) => l < 3)).toBe(true);
    expect([...levels].some((l) => l >= 3)).toBe(true);
    expect(segments.some((s) => s.kind === "MANUAL")).toBe(true);

    const tracked = segments.filter((s) => s.kind === "TRACKED");
    expect(tracked.every((s) => s.screenshot)).toBe(true);
    const sample = tracked[0]!.screenshot!;
    const full = await blobStore().get(sample.storageKey);
    const thumb = await blobStore().get(sample.thumbKey);
    expect(full?.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff])); // JPEG
    expect(thumb?.subarray(8, 12).toString()).toBe("WEBP");
    expect(sample.takenAt.getTime() - tracked[0]!.slotStart.getTime()).toBeGreaterThanOrEqual(0);
    expect(sample.takenAt.getTime() - tracked[0]!.slotStart.getTime()).toBeLessThan(600_000);
  });
});

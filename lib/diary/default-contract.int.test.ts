// Which contract the Work Diary opens without one in the URL (app/diary/page.tsx), on a real
// PostgreSQL: the most recently tracked one, not the first by title.
import { describe, expect, it } from "vitest";

const { setupTestDatabase } = await import("../../tests/support/database");
const { makeContract, makeUser } = await import("../../tests/support/factories");
const { defaultDiaryContractId, listDiaryContracts } = await import("./contracts");
const { prisma } = await setupTestDatabase();

let n = 0;
async function segment(contractId: string, slotIso: string, opts: { manual?: boolean; deleted?: boolean } = {}) {
  await prisma.segment.create({
    data: {
      id: crypto.randomUUID(),
      contractId,
      slotStart: new Date(slotIso),
      kind: opts.manual ? "MANUAL" : "TRACKED",
      memo: "Work",
      keyboardCounts: opts.manual ? [] : Array(10).fill(1),
      mouseCounts: opts.manual ? [] : Array(10).fill(1),
      activityLevel: opts.manual ? 0 : 10,
      contentHash: `default-${n++}`,
      deletedAt: opts.deleted ? new Date(slotIso) : null,
    },
  });
}

describe("the Work Diary's default contract", () => {
  it("is the one with the latest live segment, not the paused, empty one first by title", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const freelancer = await makeUser(prisma, "FREELANCER");
    const paused = await makeContract(prisma, client, freelancer, { title: "A paused retainer", status: "PAUSED" });
    const older = await makeContract(prisma, client, freelancer, { title: "B older work" });
    const recent = await makeContract(prisma, client, freelancer, { title: "C recent work" });
    await segment(older.id, "2024-06-10T09:00:00Z");
    await segment(recent.id, "2024-06-11T08:00:00Z");
    await segment(older.id, "2024-06-11T09:00:00Z", { deleted: true }); // deleted time does not count

    for (const viewer of [client, freelancer]) {
      const options = await listDiaryContracts(viewer);
      expect(options.map((o) => o.title)).toEqual(["A paused retainer", "B older work", "C recent work"]);
      expect(options.find((o) => o.id === paused.id)?.lastTrackedAt).toBeNull();
      expect(defaultDiaryContractId(options)).toBe(recent.id);
    }

    await segment(older.id, "2024-06-11T10:00:00Z", { manual: true });
    expect(defaultDiaryContractId(await listDiaryContracts(client))).toBe(older.id);
  });

  it("falls back to the first active contract when none has time, and to nothing without contracts", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const freelancer = await makeUser(prisma, "FREELANCER");
    expect(defaultDiaryContractId(await listDiaryContracts(client))).toBeUndefined();
    await makeContract(prisma, client, freelancer, { title: "A paused", status: "PAUSED" });
    const active = await makeContract(prisma, client, freelancer, { title: "B active" });
    expect(defaultDiaryContractId(await listDiaryContracts(client))).toBe(active.id);
  });
});

// GET /api/tracker/v1/me's numbers on a real PostgreSQL: this week's limit, billed minutes today
// (in the freelancer's zone) and this week (R1.1, R4.2), unread messages, links, and the portal's mode.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeContract, makeUser } from "../../tests/support/factories";
import rootPackage from "../../package.json";
import { getTrackerProfile } from "./get-tracker-profile";

const { prisma } = await setupTestDatabase();

async function segment(contractId: string, slotStart: string, kind: "TRACKED" | "MANUAL" = "TRACKED", deleted = false) {
  await prisma.segment.create({
    data: {
      id: randomUUID(),
      contractId,
      slotStart: new Date(slotStart),
      kind,
      memo: "work",
      keyboardCounts: kind === "MANUAL" ? [] : Array(10).fill(1),
      mouseCounts: kind === "MANUAL" ? [] : Array(10).fill(1),
      activityLevel: kind === "MANUAL" ? 0 : 10,
      contentHash: randomUUID(),
      deletedAt: deleted ? new Date(slotStart) : null,
    },
  });
}

async function setup(timezone: string, limitMinutes: number | null) {
  const client = await makeUser(prisma, "CLIENT", { name: "Clara" });
  const freelancer = await makeUser(prisma, "FREELANCER");
  await prisma.user.update({ where: { id: freelancer.id }, data: { timezone } });
  const contract = await makeContract(prisma, client, freelancer, { title: "A limited" });
  const requestedAt = new Date("2024-06-01T00:00:00Z");
  await prisma.weeklyLimitChange.create({ data: { contractId: contract.id, limitMinutes, requestedAt, effectiveFrom: requestedAt, requestedById: client.id } });
  const principal = { userId: freelancer.id, tokenId: randomUUID() };
  return { client, freelancer, contract, principal };
}

const savedMode = process.env.HOURGLASS_MODE;
afterEach(() => {
  if (savedMode === undefined) delete process.env.HOURGLASS_MODE;
  else process.env.HOURGLASS_MODE = savedMode;
});

describe("getTrackerProfile", () => {
  it("counts billed minutes today in the freelancer's zone and this week within the limit, unread messages and links", async () => {
    // Wednesday 20:05 UTC is Thursday 01:05 in Karachi (UTC+5): the local day began at 19:00 UTC.
    const now = new Date("2024-06-12T20:05:00Z");
    const { client, freelancer, contract, principal } = await setup("Asia/Karachi", 60);
    await segment(contract.id, "2024-06-07T10:00:00Z"); // last week: not this week's
    await segment(contract.id, "2024-06-10T10:00:00Z");
    await segment(contract.id, "2024-06-10T10:10:00Z", "MANUAL"); // R3.3 billed like tracked time
    await segment(contract.id, "2024-06-10T10:20:00Z");
    await segment(contract.id, "2024-06-10T10:30:00Z", "TRACKED", true); // deleted: not counted
    await segment(contract.id, "2024-06-10T10:40:00Z");
    await segment(contract.id, "2024-06-12T18:50:00Z"); // Wednesday locally, the 5th: billed this week, not today
    await segment(contract.id, "2024-06-12T19:00:00Z"); // today locally, the 6th: fills the 1 h limit
    await segment(contract.id, "2024-06-12T19:10:00Z"); // today, the 7th: over the limit, never billed (R4.2)

    const other = await makeContract(prisma, client, freelancer, { title: "B open" });
    const conversation = await prisma.conversation.create({ data: { contractId: other.id } });
    for (const [sender, at] of [
      [client.id, "2024-06-12T09:00:00Z"],
      [client.id, "2024-06-12T11:00:00Z"],
      [freelancer.id, "2024-06-12T11:30:00Z"],
      [client.id, "2024-06-12T12:00:00Z"],
    ] as const) {
      await prisma.message.create({ data: { conversationId: conversation.id, senderId: sender, body: "hi", createdAt: new Date(at) } });
    }
    await prisma.conversationRead.create({ data: { conversationId: conversation.id, userId: freelancer.id, lastReadAt: new Date("2024-06-12T10:00:00Z") } });

    const profile = await getTrackerProfile(principal, now);
    expect(profile.contracts).toEqual([
      expect.objectContaining({ id: contract.id, weeklyLimitHours: 1, minutesThisWeek: 60, minutesToday: 10, unreadMessages: 0, diaryPath: `/diary?contract=${contract.id}&tz=mine`, messagesPath: "/messages" }),
      expect.objectContaining({ id: other.id, weeklyLimitHours: null, minutesThisWeek: 0, minutesToday: 0, unreadMessages: 2, diaryPath: `/diary?contract=${other.id}&tz=mine`, messagesPath: `/messages/${conversation.id}` }),
    ]);
    expect(profile.portal).toEqual({ version: rootPackage.version, testModes: true });
  });

  it("classifies a local day that began in the previous work week against that week's limit", async () => {
    // Monday 01:00 UTC is Monday 06:00 in Karachi: the local day began Sunday 19:00 UTC, last work week.
    const now = new Date("2024-06-10T01:00:00Z");
    const { contract, principal } = await setup("Asia/Karachi", 60);
    for (let i = 0; i < 6; i++) await segment(contract.id, `2024-06-08T10:${i}0:00Z`); // last week's hour, full
    await segment(contract.id, "2024-06-09T20:00:00Z"); // today locally, but over last week's limit
    await segment(contract.id, "2024-06-10T00:00:00Z"); // today and this week, billed
    const [c] = (await getTrackerProfile(principal, now)).contracts;
    expect(c).toMatchObject({ minutesToday: 10, minutesThisWeek: 10, weeklyLimitHours: 1 });
  });

  it("says test modes are off on a production portal", async () => {
    const { principal } = await setup("UTC", null);
    process.env.HOURGLASS_MODE = "production";
    expect((await getTrackerProfile(principal, new Date("2024-06-12T12:00:00Z"))).portal.testModes).toBe(false);
    process.env.HOURGLASS_MODE = "demo";
    expect((await getTrackerProfile(principal, new Date("2024-06-12T12:00:00Z"))).portal.testModes).toBe(true);
  });
});

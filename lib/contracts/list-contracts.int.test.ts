import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeContract, makeUser } from "../../tests/support/factories";
import { listContracts } from "./list-contracts";
import { listConversations } from "../messages/list-conversations";

const { prisma } = await setupTestDatabase();
const now = new Date("2024-06-12T12:00:00Z");
const clientA = await makeUser(prisma, "CLIENT");
const clientB = await makeUser(prisma, "CLIENT");
const freelancer = await makeUser(prisma, "FREELANCER");
const admin = await makeUser(prisma, "ADMIN");
const mine = await makeContract(prisma, clientA, freelancer, { title: "A's" });
const theirs = await makeContract(prisma, clientB, freelancer, { title: "B's" });
await prisma.conversation.createMany({ data: [{ contractId: mine.id }, { contractId: theirs.id }] });

describe("contract scoping", () => {
  it("shows a client only their own contracts", async () => {
    expect((await listContracts(clientA, now)).map((c) => c.id)).toEqual([mine.id]);
    expect((await listContracts(clientB, now)).map((c) => c.id)).toEqual([theirs.id]);
  });

  it("shows a freelancer the contracts they work on, and an admin all", async () => {
    expect((await listContracts(freelancer, now)).map((c) => c.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect((await listContracts(admin, now)).length).toBe(2);
  });

  it("scopes conversations the same way", async () => {
    expect((await listConversations(clientA)).map((c) => c.contractTitle)).toEqual(["A's"]);
  });

  it("shows the limit in force, not a scheduled decrease", async () => {
    await prisma.weeklyLimitChange.createMany({
      data: [
        { contractId: mine.id, limitMinutes: 600, requestedAt: new Date("2024-06-03T00:00:00Z"), effectiveFrom: new Date("2024-06-03T00:00:00Z"), requestedById: clientA.id },
        { contractId: mine.id, limitMinutes: 300, requestedAt: new Date("2024-06-12T09:00:00Z"), effectiveFrom: new Date("2024-06-17T00:00:00Z"), requestedById: clientA.id },
      ],
    });
    expect((await listContracts(clientA, now))[0]?.weeklyLimitMinutes).toBe(600);
    expect((await listContracts(clientA, new Date("2024-06-17T00:00:00Z")))[0]?.weeklyLimitMinutes).toBe(300);
  });
});

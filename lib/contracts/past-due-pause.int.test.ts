// R14.3 a contract paused because its client's payment is past due offers no Resume (the API refuses it with 409):
// the page says why instead, and it resumes when the client pays.
import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeContract, makeUser } from "../../tests/support/factories";
import { transaction } from "../ledger/db";
import { pauseForPastDue, resumeAfterPayment } from "../client-billing/past-due";
import { getContract } from "./get-contract";

const { prisma } = await setupTestDatabase();
const AT = new Date("2024-06-13T12:00:00Z");

describe("a past-due pause on the contract page", () => {
  it("hides Resume from the client and says the client's payment is past due; Resume is back once paid", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const freelancer = await makeUser(prisma, "FREELANCER");
    const contract = await makeContract(prisma, client, freelancer);
    expect(await getContract(client, contract.id, AT)).toMatchObject({ pausedForPastDue: false, can: { actions: ["pause", "end"] } });

    await transaction((tx) => pauseForPastDue(tx, client.id, AT));
    const paused = await getContract(client, contract.id, AT);
    expect(paused).toMatchObject({ status: "PAUSED", pausedForPastDue: true });
    expect(paused.can.actions).not.toContain("resume");
    expect(paused.can.actions).toContain("end");
    expect(await getContract(freelancer, contract.id, AT)).toMatchObject({ pausedForPastDue: true });

    // the client paid (nothing else is past due): the pause ends and the contract runs again
    await transaction((tx) => resumeAfterPayment(tx, client.id, AT));
    expect(await getContract(client, contract.id, AT)).toMatchObject({ status: "ACTIVE", pausedForPastDue: false });
  });

  it("a contract the client paused themselves keeps Resume", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const contract = await makeContract(prisma, client, await makeUser(prisma, "FREELANCER"), { status: "PAUSED" });
    await prisma.contractPause.create({ data: { contractId: contract.id, startedAt: AT, reason: "client" } });
    expect(await getContract(client, contract.id, AT)).toMatchObject({ pausedForPastDue: false, can: { actions: expect.arrayContaining(["resume"]) } });
  });
});

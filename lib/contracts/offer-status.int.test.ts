// Offers and ending, on a real PostgreSQL: withdraw and decline, ending before the start date,
// either side ending a running contract, and what each viewer may do.
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeUser } from "../../tests/support/factories";
import { setNoticeSink, type Notice } from "../realtime/notify";
import { closeWeek } from "../ledger/close-week";
import { payBonus } from "../bonuses/pay-bonus";
import { listDiaryContracts } from "../diary/contracts";
import { createContract } from "./create-contract";
import { changeStatus } from "./change-status";
import { changeTerms } from "./change-terms";
import { getContract } from "./get-contract";
import type { CreateContractInput } from "../validation/contracts";

const { prisma } = await setupTestDatabase();
const notices: Notice[] = [];
beforeAll(() => setNoticeSink((n) => notices.push(n)));
const monday = new Date("2024-06-03T09:00:00Z");
const tuesday = new Date("2024-06-04T09:00:00Z");

async function offerFor(extra: Partial<CreateContractInput> = {}) {
  const client = await makeUser(prisma, "CLIENT");
  const freelancer = await makeUser(prisma, "FREELANCER");
  const input: CreateContractInput = { title: "Backend work", freelancerEmail: freelancer.email, hourlyRateCents: 5000, weeklyLimitHours: 10, manualTimeAllowed: false, weeklyPaymentCents: 0, ...extra };
  const { id } = await createContract(client, input, monday);
  return { client, freelancer, id };
}

async function state(id: string) {
  const c = await prisma.contract.findUniqueOrThrow({ where: { id } });
  const audit = await prisma.auditLog.findMany({ where: { entityId: id }, orderBy: { id: "asc" } });
  return { status: c.status, endedAt: c.endedAt, audit: audit.map((a) => a.action) };
}

describe("an offer is withdrawn by the client or declined by the freelancer", () => {
  it("the client withdraws an offer that starts next week: no error, a withdrawn offer the freelancer can no longer accept", async () => {
    const { client, freelancer, id } = await offerFor({ startsAt: "2024-06-10" });
    await expect(changeStatus(freelancer, id, "withdraw", monday)).rejects.toMatchObject({ status: 403 });
    await expect(changeStatus(client, id, "withdraw", monday)).resolves.toBe("withdraw");
    expect(await state(id)).toEqual({ status: "WITHDRAWN", endedAt: null, audit: ["contract.created", "contract.withdrawn"] });
    await expect(changeStatus(freelancer, id, "accept", monday)).rejects.toMatchObject({ status: 409, message: expect.stringContaining("withdrawn") });
    await expect(changeStatus(freelancer, id, "decline", monday)).rejects.toMatchObject({ status: 409 });
    await expect(changeTerms(client, id, { weeklyLimitHours: 20 }, monday)).rejects.toMatchObject({ status: 409 });
  });

  it("the freelancer declines; the client can neither decline nor accept for them", async () => {
    const { client, freelancer, id } = await offerFor();
    await expect(changeStatus(client, id, "decline", monday)).rejects.toMatchObject({ status: 403 });
    await changeStatus(freelancer, id, "decline", monday);
    expect(await state(id)).toEqual({ status: "DECLINED", endedAt: null, audit: ["contract.created", "contract.declined"] });
    await expect(changeStatus(client, id, "withdraw", monday)).rejects.toMatchObject({ status: 409 });
    await expect(changeStatus(freelancer, id, "accept", monday)).rejects.toMatchObject({ status: 409 });
    // no Work Diary for an offer that never became a contract
    expect(await listDiaryContracts(freelancer)).toEqual([]);
  });

  it("ending an offer that starts in the future is withdrawing it (client) or declining it (freelancer), never a 500", async () => {
    const a = await offerFor({ startsAt: "2024-06-12" });
    await expect(changeStatus(a.client, a.id, "end", monday)).resolves.toBe("withdraw");
    expect((await state(a.id)).status).toBe("WITHDRAWN");
    const b = await offerFor({ startsAt: "2024-06-12" });
    await expect(changeStatus(b.freelancer, b.id, "end", monday)).resolves.toBe("decline");
    expect((await state(b.id)).status).toBe("DECLINED");
  });

  it("a withdrawn offer takes no bonus, though its start date has passed", async () => {
    const { client, id } = await offerFor();
    await prisma.user.update({ where: { id: client.id }, data: { paymentVerifiedAt: monday } });
    await changeStatus(client, id, "withdraw", monday);
    await expect(payBonus(client, { contractId: id, amountCents: 1_000, memo: "thanks", idempotencyKey: `withdrawn-${id}` }, tuesday))
      .rejects.toMatchObject({ status: 422, details: { fields: { contractId: expect.any(String) } } });
    expect(await prisma.bonus.count({ where: { contractId: id } })).toBe(0);
  });
});

describe("ending a contract", () => {
  it("an accepted contract ended before its start date ends at its start, and the close bills nothing for it", async () => {
    // Wednesday start, so the close's week holds the whole (empty) span; R9.5 would pay at least 20%.
    const ended = await offerFor({ startsAt: "2024-06-05", weeklyPaymentCents: 50_000 });
    await changeStatus(ended.freelancer, ended.id, "accept", monday);
    await changeStatus(ended.client, ended.id, "end", tuesday);
    expect(await state(ended.id)).toMatchObject({ status: "ENDED", endedAt: new Date("2024-06-05T00:00:00Z") });

    const ran = await offerFor({ startsAt: "2024-06-05", weeklyPaymentCents: 50_000 });
    await changeStatus(ran.freelancer, ran.id, "accept", monday);
    await closeWeek({ weekStart: new Date("2024-06-03T00:00:00Z"), now: new Date("2024-06-10T12:00:00Z") });
    expect(await prisma.invoice.count({ where: { contractId: ended.id } })).toBe(0);
    expect(await prisma.invoice.count({ where: { contractId: ran.id } })).toBe(1);
  });

  it("either side may end a running contract; only the client pauses", async () => {
    const { client, freelancer, id } = await offerFor();
    await changeStatus(freelancer, id, "accept", monday);
    await expect(changeStatus(freelancer, id, "pause", tuesday)).rejects.toMatchObject({ status: 403 });
    await changeStatus(client, id, "pause", tuesday);
    await expect(changeStatus(freelancer, id, "end", tuesday)).resolves.toBe("end");
    expect(await state(id)).toEqual({ status: "ENDED", endedAt: tuesday, audit: ["contract.created", "contract.accepted", "contract.paused", "contract.ended"] });
    expect(await prisma.contractPause.count({ where: { contractId: id, endedAt: null } })).toBe(0);
    // the client's open pages hear of it (after commit) and refetch
    expect(notices.filter((n) => n.data?.contractId === id).slice(-2)).toEqual([client.id, freelancer.id].map((userId) => ({ userId, event: "contract-updated", data: { contractId: id } })));
    expect(notices.filter((n) => n.data?.contractId === id && n.userId === client.id)).toHaveLength(3); // accept, pause, end
    await expect(changeStatus(client, id, "end", tuesday)).rejects.toMatchObject({ status: 409 });
  });
});

describe("what each viewer may do", () => {
  it("an offer: accept or decline for the freelancer, withdraw for the client; a running contract: end for both, pause for the client", async () => {
    const { client, freelancer, id } = await offerFor();
    const admin = await makeUser(prisma, "ADMIN");
    expect((await getContract(freelancer, id, monday)).can.actions).toEqual(["accept", "decline"]);
    expect((await getContract(client, id, monday)).can.actions).toEqual(["withdraw"]);
    expect((await getContract(admin, id, monday)).can.actions).toEqual(["withdraw"]);
    await changeStatus(freelancer, id, "accept", monday);
    expect((await getContract(freelancer, id, monday)).can.actions).toEqual(["end"]);
    expect((await getContract(client, id, monday)).can.actions).toEqual(["pause", "end"]);
    await changeStatus(freelancer, id, "end", monday);
    expect((await getContract(freelancer, id, monday)).can).toMatchObject({ manage: false, actions: [] });
    expect((await getContract(client, id, monday)).can).toMatchObject({ manage: false, actions: [] });
  });

  it("tells both sides whether the client's payment method is verified (section 5)", async () => {
    const { client, freelancer, id } = await offerFor();
    expect((await getContract(freelancer, id, monday)).clientPaymentVerified).toBe(false);
    expect((await getContract(client, id, monday)).clientPaymentVerified).toBe(false);
    await prisma.user.update({ where: { id: client.id }, data: { paymentVerifiedAt: monday } });
    expect((await getContract(freelancer, id, monday)).clientPaymentVerified).toBe(true);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeUser } from "../../tests/support/factories";
import { createContract } from "./create-contract";
import { changeStatus } from "./change-status";
import { changeTerms } from "./change-terms";
import { rehire } from "./rehire";
import { getContract } from "./get-contract";
import { updateUser } from "../admin/update-user";
import { setNoticeSink } from "../realtime/notify";
import type { CreateContractInput } from "../validation/contracts";

const { prisma } = await setupTestDatabase();
beforeAll(() => setNoticeSink(() => undefined));
const monday = new Date("2024-06-03T09:00:00Z");
const wednesday = new Date("2024-06-05T10:00:00Z");
const thursday = new Date("2024-06-06T10:00:00Z");

async function parties() {
  const client = await makeUser(prisma, "CLIENT");
  const freelancer = await makeUser(prisma, "FREELANCER");
  return { client, freelancer };
}

function offer(freelancerEmail: string, extra: Partial<CreateContractInput> = {}): CreateContractInput {
  return { title: "Backend work", freelancerEmail, hourlyRateCents: 5000, weeklyLimitHours: 10, manualTimeAllowed: false, weeklyPaymentCents: 0, ...extra };
}

async function activeContract() {
  const p = await parties();
  const { id } = await createContract(p.client, offer(p.freelancer.email), monday);
  await changeStatus(p.freelancer, id, "accept", monday);
  return { ...p, id };
}

async function auditActions(id: string): Promise<string[]> {
  const rows = await prisma.auditLog.findMany({ where: { entityId: id }, orderBy: { id: "asc" } });
  return rows.map((r) => r.action);
}

describe("creating contracts", () => {
  it("lets a client offer a contract with Advanced Options; the freelancer accepts it", async () => {
    const { client, freelancer } = await parties();
    const { id } = await createContract(client, offer(freelancer.email, { weeklyPaymentCents: 50_000, startsAt: "2024-06-04" }), monday);
    const created = await prisma.contract.findUniqueOrThrow({ where: { id }, include: { conversation: true } });
    expect(created).toMatchObject({ status: "OFFER", clientId: client.id, freelancerId: freelancer.id, weeklyPaymentCents: 50_000, startsAt: new Date("2024-06-04T00:00:00Z") });
    expect(created.conversation).not.toBeNull();
    await expect(changeStatus(client, id, "accept", monday)).rejects.toMatchObject({ status: 403 });
    await changeStatus(freelancer, id, "accept", monday);
    expect((await getContract(freelancer, id, monday)).status).toBe("ACTIVE");
    expect(await auditActions(id)).toEqual(["contract.created", "contract.accepted"]);
  });

  it("lets an admin create a contract for a client, and never a freelancer", async () => {
    const { client, freelancer } = await parties();
    const admin = await makeUser(prisma, "ADMIN");
    const { id } = await createContract(admin, offer(freelancer.email, { clientEmail: client.email }), monday);
    expect((await prisma.contract.findUniqueOrThrow({ where: { id } })).clientId).toBe(client.id);
    await expect(createContract(admin, offer(freelancer.email), monday)).rejects.toMatchObject({ status: 422, details: { fields: { clientEmail: expect.any(String) } } });
    await expect(createContract(freelancer, offer(freelancer.email), monday)).rejects.toMatchObject({ status: 403 });
  });

  it("names the field for an email that is not a freelancer's, or a past start date", async () => {
    const { client } = await parties();
    // R16.1 an email with no account is invited (lib/accounts/accounts.int.test.ts); another client's is refused
    const other = await makeUser(prisma, "CLIENT");
    await expect(createContract(client, offer(other.email), monday)).rejects.toMatchObject({ status: 422, details: { fields: { freelancerEmail: expect.any(String) } } });
    const { freelancer } = await parties();
    await expect(createContract(client, offer(freelancer.email, { startsAt: "2024-06-02" }), monday)).rejects.toMatchObject({ status: 422, details: { fields: { startsAt: "The start date cannot be in the past." } } });
  });

  it("answers 404 for a user outside the contract", async () => {
    const { id } = await activeContract();
    const stranger = await makeUser(prisma, "CLIENT");
    await expect(getContract(stranger, id, monday)).rejects.toMatchObject({ status: 404 });
    await expect(changeTerms(stranger, id, { weeklyLimitHours: 40 }, monday)).rejects.toMatchObject({ status: 404 });
    await expect(changeStatus(stranger, id, "pause", monday)).rejects.toMatchObject({ status: 404 });
  });
});

describe("weekly limit changes (R4.3)", () => {
  it("applies a raise on Thursday to the whole week at once", async () => {
    const { client, id } = await activeContract();
    await changeTerms(client, id, { weeklyLimitHours: 20 }, thursday);
    expect((await getContract(client, id, thursday)).weeklyLimit).toEqual({ nowHours: 20, text: "20 h" });
  });

  it("applies a decrease on Wednesday from next Monday, and says so", async () => {
    const { client, id } = await activeContract();
    await changeTerms(client, id, { weeklyLimitHours: 5 }, wednesday);
    expect((await getContract(client, id, wednesday)).weeklyLimit).toEqual({ nowHours: 10, text: "10 h now, 5 h from Mon 10 Jun" });
    expect((await getContract(client, id, new Date("2024-06-10T00:00:00Z"))).weeklyLimit.nowHours).toBe(5);
    const change = await prisma.weeklyLimitChange.findFirstOrThrow({ where: { contractId: id, limitMinutes: 300 } });
    expect(change.effectiveFrom).toEqual(new Date("2024-06-10T00:00:00Z"));
  });

  it("is the client's or an admin's: a freelancer cannot change terms", async () => {
    const { freelancer, id } = await activeContract();
    await expect(changeTerms(freelancer, id, { weeklyLimitHours: 40 }, monday)).rejects.toMatchObject({ status: 403 });
    await expect(changeTerms(freelancer, id, { manualTimeAllowed: true }, monday)).rejects.toMatchObject({ status: 403 });
    await expect(changeStatus(freelancer, id, "pause", monday)).rejects.toMatchObject({ status: 403 });
  });

  it("records every change of terms with before and after", async () => {
    const { client, id } = await activeContract();
    await changeTerms(client, id, { weeklyLimitHours: 5, manualTimeAllowed: true }, wednesday);
    const rows = await prisma.auditLog.findMany({ where: { entityId: id, action: { in: ["contract.weekly_limit_changed", "contract.manual_time_changed"] } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, r.actorId, r.before, r.after])).toEqual([
      ["contract.weekly_limit_changed", client.id, { weeklyLimitHours: 10 }, { weeklyLimitHours: 5, effectiveFrom: "2024-06-10T00:00:00.000Z" }],
      ["contract.manual_time_changed", client.id, { manualTimeAllowed: false }, { manualTimeAllowed: true }],
    ]);
  });
});

describe("pause, resume, end, rehire", () => {
  it("pauses and resumes, keeping the paused period", async () => {
    const { client, id } = await activeContract();
    await changeStatus(client, id, "pause", wednesday);
    await expect(changeStatus(client, id, "pause", wednesday)).rejects.toMatchObject({ status: 409 });
    await changeStatus(client, id, "resume", thursday);
    const pauses = await prisma.contractPause.findMany({ where: { contractId: id } });
    expect(pauses.map((p) => [p.startedAt, p.endedAt])).toEqual([[wednesday, thursday]]);
  });

  it("does not resume a contract paused by an open dispute (R7.2)", async () => {
    const { client, id } = await activeContract();
    await prisma.contract.update({ where: { id }, data: { status: "PAUSED" } });
    await prisma.contractPause.create({ data: { contractId: id, startedAt: wednesday, reason: "Dispute filed", disputeId: "00000000-0000-0000-0000-000000000001" } });
    await expect(changeStatus(client, id, "resume", thursday)).rejects.toMatchObject({ status: 409, message: expect.stringContaining("dispute") });
  });

  it("ends once, and an ended contract's terms no longer change", async () => {
    const { client, id } = await activeContract();
    await changeStatus(client, id, "end", thursday);
    const ended = await prisma.contract.findUniqueOrThrow({ where: { id } });
    expect(ended).toMatchObject({ status: "ENDED", endedAt: thursday });
    await expect(changeStatus(client, id, "end", thursday)).rejects.toMatchObject({ status: 409 });
    await expect(changeTerms(client, id, { weeklyLimitHours: 1 }, thursday)).rejects.toMatchObject({ status: 409 });
  });

  it("ends and hires again with new terms in one step (R9.2)", async () => {
    const { client, freelancer, id } = await activeContract();
    const { id: newId } = await rehire(client, id, { title: "Backend work v2", hourlyRateCents: 6000, weeklyLimitHours: null, manualTimeAllowed: true, weeklyPaymentCents: 20_000 }, thursday);
    const [old, fresh] = await Promise.all([prisma.contract.findUniqueOrThrow({ where: { id } }), prisma.contract.findUniqueOrThrow({ where: { id: newId } })]);
    expect(old).toMatchObject({ status: "ENDED", endedAt: thursday });
    expect(fresh).toMatchObject({ status: "OFFER", replacesId: id, clientId: client.id, freelancerId: freelancer.id, hourlyRateCents: 6000, weeklyPaymentCents: 20_000 });
    expect((await getContract(client, id, thursday)).replacedById).toBe(newId);
    await expect(rehire(client, id, { title: "again", hourlyRateCents: 1, weeklyLimitHours: 1, manualTimeAllowed: false, weeklyPaymentCents: 0 }, thursday)).rejects.toMatchObject({ status: 409 });
  });
});

describe("admin user actions", () => {
  it("verifies a client's payment method and suspends accounts, each audited", async () => {
    const admin = await makeUser(prisma, "ADMIN");
    const { client, freelancer } = await parties();
    await updateUser(admin, client.id, { paymentVerified: true, reason: "Wire transfer received" }, monday);
    await updateUser(admin, freelancer.id, { suspended: true }, monday);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: client.id } })).paymentVerifiedAt).toEqual(monday);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: freelancer.id } })).suspendedAt).toEqual(monday);
    expect(await auditActions(client.id)).toEqual(["user.updated"]);
    expect(await auditActions(freelancer.id)).toEqual(["user.updated"]);
  });

  it("refuses non-admins, freelancer payment verification, and self-suspension", async () => {
    const admin = await makeUser(prisma, "ADMIN");
    const { client, freelancer } = await parties();
    await expect(updateUser(client, freelancer.id, { suspended: true }, monday)).rejects.toMatchObject({ status: 403 });
    await expect(updateUser(admin, freelancer.id, { paymentVerified: true }, monday)).rejects.toMatchObject({ status: 422 });
    await expect(updateUser(admin, admin.id, { suspended: true }, monday)).rejects.toMatchObject({ status: 409 });
    expect(await auditActions(freelancer.id)).toEqual([]);
  });
});

// R8 bonuses on a real PostgreSQL.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeContract, makeUser } from "../../tests/support/factories";
import { balanceOf, expectLedgerInvariants } from "../../tests/support/ledger";
import { matureDueEarnings } from "../ledger/mature-earnings";
import { readBalances } from "../ledger/balances";
import { setNoticeSink } from "../realtime/notify";
import { payBonus } from "./pay-bonus";
import { listBonuses } from "./list-bonuses";

const { prisma } = await setupTestDatabase();
beforeAll(() => setNoticeSink(() => undefined));
afterEach(() => expectLedgerInvariants(prisma));
const PAID = new Date("2024-06-12T15:00:00Z");
/** A client whose payment method an admin verified before PAID. */
async function verifiedClient() {
  const client = await makeUser(prisma, "CLIENT");
  await prisma.user.update({ where: { id: client.id }, data: { paymentVerifiedAt: new Date("2024-06-01T00:00:00Z") } });
  return client;
}

describe("bonuses (R8)", () => {
  it("charges the client the bonus plus the client fee, credits the freelancer net of the service fee, available 5 days later", async () => {
    const client = await verifiedClient();
    const freelancer = await makeUser(prisma, "FREELANCER");
    const contract = await makeContract(prisma, client, freelancer);
    const { bonus, replayed } = await payBonus(client, { contractId: contract.id, amountCents: 10_000, memo: "Great launch", idempotencyKey: "b1" }, PAID);
    expect(replayed).toBe(false);
    expect(bonus).toMatchObject({ amountCents: 10_000, clientFeeCents: 300, serviceFeeCents: 1000, availableAt: "2024-06-17T15:00:00.000Z", referenceId: expect.stringMatching(/^HG-BON-2024W24-/) });
    expect(await balanceOf(prisma, `client:${client.id}:charges`)).toBe(-10_300n);
    // it skips review: pending until the 5 days are over
    expect(await readBalances(freelancer.id, new Date("2024-06-17T14:59:59Z"))).toMatchObject({ inReview: 0n, pending: 9000n, available: 0n });
    expect(await readBalances(freelancer.id, new Date("2024-06-17T15:00:00Z"))).toMatchObject({ pending: 0n, available: 9000n });
    await matureDueEarnings(new Date("2024-06-17T15:00:00Z"), { userId: freelancer.id });
    expect(await balanceOf(prisma, `freelancer:${freelancer.id}:available`)).toBe(9000n);
    expect((await listBonuses(freelancer)).map((b) => b.id)).toEqual([bonus.id]);
    expect(await listBonuses(await makeUser(prisma, "CLIENT"))).toEqual([]);
  });

  it("is paid once per idempotency key: the same request returns the same bonus, another bonus under the key is 409", async () => {
    const client = await verifiedClient();
    const contract = await makeContract(prisma, client, await makeUser(prisma, "FREELANCER"));
    const input = { contractId: contract.id, amountCents: 5_000, memo: "Thanks", idempotencyKey: "same" };
    const results = await Promise.all([payBonus(client, input, PAID), payBonus(client, input, PAID), payBonus(client, input, PAID)]);
    expect(new Set(results.map((r) => r.bonus.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    await expect(payBonus(client, { ...input, amountCents: 6_000 }, PAID)).rejects.toMatchObject({ status: 409 });
    expect(await prisma.bonus.count({ where: { contractId: contract.id } })).toBe(1);
    expect(await balanceOf(prisma, `client:${client.id}:charges`)).toBe(-5_150n);
  });

  it("only on the client's own contract, while active or up to 365 days after it ended, and for at least 1 cent", async () => {
    const client = await verifiedClient();
    const freelancer = await makeUser(prisma, "FREELANCER");
    const contract = await makeContract(prisma, client, freelancer, { status: "ENDED" });
    await prisma.contract.update({ where: { id: contract.id }, data: { startsAt: new Date("2023-01-02T00:00:00Z"), endedAt: new Date("2023-06-12T15:00:00Z") } });
    const input = { contractId: contract.id, amountCents: 1_000, memo: "Late thanks", idempotencyKey: "late" };
    await expect(payBonus(client, input, new Date("2024-06-11T15:00:00Z"))).resolves.toMatchObject({ replayed: false });
    await expect(payBonus(client, { ...input, idempotencyKey: "later" }, new Date("2024-06-11T15:00:00.001Z"))).rejects.toMatchObject({ status: 422, details: { fields: { contractId: expect.any(String) } } });
    await expect(payBonus(await makeUser(prisma, "CLIENT"), { ...input, idempotencyKey: "x" }, PAID)).rejects.toMatchObject({ status: 404 });
    await expect(payBonus(freelancer, { ...input, idempotencyKey: "y" }, PAID)).rejects.toMatchObject({ status: 404 });
    const active = await makeContract(prisma, client, freelancer);
    await expect(payBonus(client, { ...input, contractId: active.id, amountCents: 0, idempotencyKey: "z" }, PAID)).rejects.toMatchObject({ status: 422, details: { fields: { amountCents: expect.any(String) } } });
  });

  it("needs a client whose payment method is verified: 422 naming it, nothing booked", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const contract = await makeContract(prisma, client, await makeUser(prisma, "FREELANCER"));
    const input = { contractId: contract.id, amountCents: 100_000_000, memo: "Unverified", idempotencyKey: "unverified-1" };
    await expect(payBonus(client, input, PAID)).rejects.toMatchObject({ status: 422, message: expect.stringContaining("verified payment method"), details: { fields: { paymentMethod: expect.stringContaining("Not verified") } } });
    // verified only later than the payment: still refused at that instant
    await prisma.user.update({ where: { id: client.id }, data: { paymentVerifiedAt: new Date(PAID.getTime() + 1) } });
    await expect(payBonus(client, { ...input, amountCents: 1_000 }, PAID)).rejects.toMatchObject({ status: 422, details: { fields: { paymentMethod: expect.any(String) } } });
    expect(await prisma.bonus.count({ where: { contractId: contract.id } })).toBe(0);
    expect(await prisma.ledgerTransfer.count({ where: { contractId: contract.id } })).toBe(0);
  });

  it("is at most $10,000.00 by default (422 naming amountCents and the limit); BONUS_MAX_CENTS moves the limit", async () => {
    const client = await verifiedClient();
    const contract = await makeContract(prisma, client, await makeUser(prisma, "FREELANCER"));
    const input = { contractId: contract.id, memo: "Big thanks" };
    await expect(payBonus(client, { ...input, amountCents: 100_000_000, idempotencyKey: "million" }, PAID)).rejects.toMatchObject({
      status: 422, details: { fields: { amountCents: "The bonus amount is above the limit of $10,000.00 per bonus." } },
    });
    await expect(payBonus(client, { ...input, amountCents: 1_000_001, idempotencyKey: "limit-plus-1" }, PAID)).rejects.toMatchObject({ status: 422 });
    await expect(payBonus(client, { ...input, amountCents: 1_000_000, idempotencyKey: "at-limit" }, PAID)).resolves.toMatchObject({ replayed: false });
    process.env.BONUS_MAX_CENTS = "50000";
    try {
      await expect(payBonus(client, { ...input, amountCents: 50_001, idempotencyKey: "env-limit" }, PAID)).rejects.toMatchObject({ status: 422, details: { fields: { amountCents: expect.stringContaining("$500.00") } } });
      await expect(payBonus(client, { ...input, amountCents: 50_000, idempotencyKey: "env-at-limit" }, PAID)).resolves.toMatchObject({ replayed: false });
    } finally {
      delete process.env.BONUS_MAX_CENTS;
    }
    expect(await prisma.bonus.count({ where: { contractId: contract.id } })).toBe(2);
  });
});

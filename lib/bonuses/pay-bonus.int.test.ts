// R8 bonuses on a real PostgreSQL.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeContract, makeUser } from "../../tests/support/factories";
import { balanceOf, expectLedgerInvariants } from "../../tests/support/ledger";
import { addVerifiedCard } from "../../tests/support/billing-methods";
import { matureDueEarnings } from "../ledger/mature-earnings";
import { readBalances } from "../ledger/balances";
import { setNoticeSink } from "../realtime/notify";
import { processDueCharges } from "../client-billing/charges";
import { paymentProvider } from "../client-billing/provider";
import { ProviderUnavailableError } from "../client-billing/provider-types";
import { payBonus, startBonusCharge } from "./pay-bonus";
import { listBonuses } from "./list-bonuses";

const { prisma } = await setupTestDatabase();
beforeAll(() => setNoticeSink(() => undefined));
afterEach(() => expectLedgerInvariants(prisma));
const PAID = new Date("2024-06-12T15:00:00Z");
/** A client verified before PAID, with a default card (4242, which the sandbox charges, unless told). */
async function verifiedClient(card = "4242424242424242") {
  const client = await makeUser(prisma, "CLIENT");
  await prisma.user.update({ where: { id: client.id }, data: { paymentVerifiedAt: new Date("2024-06-01T00:00:00Z") } });
  await addVerifiedCard(prisma, client.id, { number: card });
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
    // R14.2 / R14.5 charged at once on the default card: the receivable raised by the bonus is settled from the payments
    expect(await balanceOf(prisma, `client:${client.id}:charges`)).toBe(0n);
    expect(await balanceOf(prisma, `client:${client.id}:payments`)).toBe(-10_300n);
    const charge = await prisma.charge.findFirstOrThrow({ where: { clientId: client.id }, include: { chargeAttempts: true } });
    expect(charge).toMatchObject({ kind: "BONUS", status: "SUCCEEDED", amountCents: 10_300, paidAt: PAID });
    expect((await prisma.bonus.findUniqueOrThrow({ where: { id: bonus.id } })).chargeId).toBe(charge.id);
    // the bonus's idempotency key went to the provider
    expect(charge.chargeAttempts.map((a) => a.idempotencyKey)).toEqual([`hg-bonus:${client.id}:b1`]);
    expect(await prisma.sandboxCharge.count({ where: { idempotencyKey: `hg-bonus:${client.id}:b1`, status: "succeeded" } })).toBe(1);
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
    expect(await balanceOf(prisma, `client:${client.id}:payments`)).toBe(-5_150n);
    expect(await prisma.sandboxCharge.count({ where: { idempotencyKey: `hg-bonus:${client.id}:same` } })).toBe(1);
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

  it("R14.2 on a declined card: 422 naming the decline, no bonus, no money moved; the same key answers the same", async () => {
    const client = await verifiedClient("4000000000000341");
    const contract = await makeContract(prisma, client, await makeUser(prisma, "FREELANCER"));
    const input = { contractId: contract.id, amountCents: 5_000, memo: "Thanks", idempotencyKey: "declined-1" };
    const refusal = { status: 422, details: { fields: { billingMethod: "Declined: The card was declined by its bank." } } };
    await expect(payBonus(client, input, PAID)).rejects.toMatchObject(refusal);
    await expect(payBonus(client, input, PAID)).rejects.toMatchObject(refusal);
    expect(await prisma.bonus.count({ where: { contractId: contract.id } })).toBe(0);
    expect(await prisma.ledgerTransfer.count({ where: { contractId: contract.id } })).toBe(0);
    expect(await balanceOf(prisma, `client:${client.id}:charges`)).toBe(0n);
    expect(await balanceOf(prisma, `client:${client.id}:payments`)).toBe(0n);
    expect(await prisma.sandboxCharge.count({ where: { idempotencyKey: `hg-bonus:${client.id}:declined-1` } })).toBe(1);
    expect(await prisma.charge.findFirstOrThrow({ where: { clientId: client.id } })).toMatchObject({ kind: "BONUS", status: "FAILED", attempts: 1 });
    // a manually verified client with no billing method cannot be charged either
    const manual = await makeUser(prisma, "CLIENT");
    await prisma.user.update({ where: { id: manual.id }, data: { paymentVerifiedAt: new Date("2024-06-01T00:00:00Z"), paymentVerificationNote: "Wire received" } });
    const theirs = await makeContract(prisma, manual, await makeUser(prisma, "FREELANCER"));
    await expect(payBonus(manual, { ...input, contractId: theirs.id }, PAID)).rejects.toMatchObject({ status: 422, details: { fields: { billingMethod: expect.stringContaining("No billing method") } } });
    expect(await prisma.bonus.count({ where: { contractId: theirs.id } })).toBe(0);
  });

  it("R14.2 a lost answer at the provider (card 0119) is found again: one charge, one bonus", async () => {
    const client = await verifiedClient("4000000000000119");
    const contract = await makeContract(prisma, client, await makeUser(prisma, "FREELANCER"));
    const input = { contractId: contract.id, amountCents: 2_000, memo: "Thanks", idempotencyKey: "lost-1" };
    await expect(payBonus(client, input, PAID)).resolves.toMatchObject({ replayed: false });
    await expect(payBonus(client, input, PAID)).resolves.toMatchObject({ replayed: true });
    expect(await prisma.sandboxCharge.count({ where: { token: { in: (await prisma.billingMethod.findMany({ where: { clientId: client.id } })).map((m) => m.providerToken) } } })).toBe(1);
    expect(await prisma.bonus.count({ where: { contractId: contract.id } })).toBe(1);
    expect(await balanceOf(prisma, `client:${client.id}:payments`)).toBe(-2_060n);
  });

  it("R14.2 a lost answer the client never retries: the charges job finds the charge and books the bonus; a charge never made ends FAILED with no bonus", async () => {
    const client = await verifiedClient("4000000000000119");
    const contract = await makeContract(prisma, client, await makeUser(prisma, "FREELANCER"));
    const input = { contractId: contract.id, amountCents: 4_000, memo: "Lost answer", idempotencyKey: "lost-never-retried" };
    // the request commits its attempt, the provider makes the charge and its answer is lost; the request dies there
    const started = await startBonusCharge(client, input, PAID);
    if ("replayed" in started) throw new Error("unreachable");
    await expect(paymentProvider().charge({ token: started.attempt.token!, amountCents: 4_120, currency: "usd", idempotencyKey: started.attempt.idempotencyKey, description: "t" }))
      .rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(await prisma.bonus.count({ where: { contractId: contract.id } })).toBe(0);
    // not while the request may still be waiting for its answer
    expect(await processDueCharges(new Date(PAID.getTime() + 60_000))).toMatchObject({ reconciled: 0 });
    expect(await prisma.bonus.count({ where: { contractId: contract.id } })).toBe(0);
    // once the attempt is stale, the job asks the provider and books the bonus the money was taken for
    expect(await processDueCharges(new Date(PAID.getTime() + 3 * 60_000))).toMatchObject({ reconciled: 1, succeeded: 1 });
    const bonus = await prisma.bonus.findUniqueOrThrow({ where: { idempotencyKey: `${client.id}:lost-never-retried` } });
    expect(bonus).toMatchObject({ contractId: contract.id, amountCents: 4_000, memo: "Lost answer", paidById: client.id, chargeId: started.attempt.charge.id });
    expect(await prisma.charge.findUniqueOrThrow({ where: { id: started.attempt.charge.id } })).toMatchObject({ status: "SUCCEEDED" });
    expect(await balanceOf(prisma, `client:${client.id}:payments`)).toBe(-4_120n);
    expect(await balanceOf(prisma, `client:${client.id}:charges`)).toBe(0n);
    // a later run books nothing again, and the client's repeat answers the same bonus
    expect(await processDueCharges(new Date(PAID.getTime() + 10 * 60_000))).toMatchObject({ reconciled: 0 });
    await expect(payBonus(client, input, PAID)).resolves.toMatchObject({ replayed: true, bonus: { id: bonus.id } });
    expect(await prisma.sandboxCharge.count({ where: { idempotencyKey: started.attempt.idempotencyKey } })).toBe(1);

    // a request that died after committing its attempt and before calling the provider: nothing was charged
    const never = { ...input, idempotencyKey: "died-before-call" };
    const dead = await startBonusCharge(client, never, PAID);
    if ("replayed" in dead) throw new Error("unreachable");
    expect(await processDueCharges(new Date(PAID.getTime() + 3 * 60_000))).toMatchObject({ reconciled: 1, failed: 1 });
    expect(await prisma.charge.findUniqueOrThrow({ where: { id: dead.attempt.charge.id }, include: { chargeAttempts: true } })).toMatchObject({
      status: "FAILED", chargeAttempts: [{ outcome: "DECLINED", failureCode: "not_charged" }],
    });
    expect(await prisma.bonus.count({ where: { idempotencyKey: `${client.id}:died-before-call` } })).toBe(0);
    expect(await prisma.sandboxCharge.count({ where: { idempotencyKey: dead.attempt.idempotencyKey } })).toBe(0);
    expect(await balanceOf(prisma, `client:${client.id}:payments`)).toBe(-4_120n);
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

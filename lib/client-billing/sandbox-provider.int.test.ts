// The sandbox payment provider (R14.1, R14.2) on a real PostgreSQL: its state lives in its own
// sandbox_ tables, a charge is made once per idempotency key, and a lost answer is found again.
import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { ProviderUnavailableError } from "./provider-types";
import { SandboxPaymentProvider } from "./sandbox-provider";

const { prisma } = await setupTestDatabase();
const sandbox = new SandboxPaymentProvider();
const card = (number: string) => ({ number, expMonth: 12, expYear: 2030, cvc: "123" });
const charge = (token: string, idempotencyKey: string, amountCents = 1234) =>
  sandbox.charge({ token, amountCents, currency: "usd", idempotencyKey, description: "test" });

describe("the sandbox payment provider", () => {
  it("verifies 4242, charges it once per idempotency key, and answers a repeat with the first result", async () => {
    const added = await sandbox.addCard(card("4242424242424242"));
    expect(added).toMatchObject({ status: "verified", last4: "4242", brand: "Visa" });
    if (added.status === "declined") throw new Error("unreachable");
    const first = await charge(added.token, "key-1");
    expect(first.status).toBe("succeeded");
    const [again, concurrent] = await Promise.all([charge(added.token, "key-1", 9999), charge(added.token, "key-1")]);
    expect(again).toEqual(first);
    expect(concurrent).toEqual(first);
    expect(await sandbox.findCharge("key-1")).toEqual(first);
    expect(await sandbox.findCharge("never-used")).toBeNull();
    expect(await prisma.sandboxCharge.count({ where: { idempotencyKey: "key-1" } })).toBe(1);
    // the sandbox keeps the behaviour, never the number
    expect(JSON.stringify(await prisma.sandboxPaymentSource.findMany())).not.toContain("4242424242424242");
  });

  it("two callers with one new key at once make one charge", async () => {
    const added = await sandbox.addCard(card("4242424242424242"));
    if (added.status === "declined") throw new Error("unreachable");
    const results = await Promise.all(Array.from({ length: 5 }, () => charge(added.token, "race")));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await prisma.sandboxCharge.count({ where: { idempotencyKey: "race" } })).toBe(1);
  });

  it("declines 0002 at add, and 0341 at every charge", async () => {
    expect(await sandbox.addCard(card("4000000000000002"))).toMatchObject({ status: "declined" });
    const later = await sandbox.addCard(card("4000000000000341"));
    expect(later.status).toBe("verified");
    if (later.status === "declined") throw new Error("unreachable");
    expect(await charge(later.token, "k-341-a")).toMatchObject({ status: "declined", code: "card_declined" });
    expect(await charge(later.token, "k-341-b")).toMatchObject({ status: "declined", code: "card_declined" });
  });

  it("refuses card numbers that are not its test numbers", async () => {
    expect(await sandbox.addCard(card("4111111111111111"))).toMatchObject({ status: "declined", message: expect.stringContaining("test card") });
  });

  it("asks 3184 for a challenge; the card charges only once it is completed, and the first answer counts", async () => {
    const added = await sandbox.addCard(card("4000002760003184"));
    expect(added.status).toBe("challenge_required");
    if (added.status === "declined") throw new Error("unreachable");
    expect(await charge(added.token, "k-3184-a")).toMatchObject({ status: "declined" });
    expect(await sandbox.completeChallenge(added.token, "complete")).toBe("verified");
    expect(await sandbox.completeChallenge(added.token, "fail")).toBe("verified");
    expect(await charge(added.token, "k-3184-b")).toMatchObject({ status: "succeeded" });
    const failed = await sandbox.addCard(card("4000002760003184"));
    if (failed.status === "declined") throw new Error("unreachable");
    expect(await sandbox.completeChallenge(failed.token, "fail")).toBe("failed");
  });

  it("loses the first answer of 0119 though the charge is made; a repeat and findCharge find it", async () => {
    const added = await sandbox.addCard(card("4000000000000119"));
    if (added.status === "declined") throw new Error("unreachable");
    await expect(charge(added.token, "lost")).rejects.toBeInstanceOf(ProviderUnavailableError);
    const found = await sandbox.findCharge("lost");
    expect(found).toMatchObject({ status: "succeeded" });
    expect(await charge(added.token, "lost")).toEqual(found);
    expect(await prisma.sandboxCharge.count({ where: { idempotencyKey: "lost" } })).toBe(1);
  });

  it("sends a bank account micro-deposits of 32 and 45 cents, in either order, and charges it once they are confirmed", async () => {
    const bank = await sandbox.addBankAccount({ routingNumber: "110000000", accountNumber: "000123456789", accountHolder: "A Client" });
    expect(bank).toMatchObject({ last4: "6789", brand: "Sandbox Bank" });
    expect(await sandbox.checkMicrodeposits(bank.token, [32, 46])).toBe(false);
    // an account not yet verified is not charged
    expect(await charge(bank.token, "bank-unverified")).toMatchObject({ status: "declined", message: expect.stringContaining("verification") });
    expect(await sandbox.checkMicrodeposits(bank.token, [45, 32])).toBe(true);
    expect(await charge(bank.token, "bank-verified")).toMatchObject({ status: "succeeded" });
  });

  it("forgets a key after 30 days: a repeat after that is a new charge, one before it the first result", async () => {
    const added = await sandbox.addCard(card("4242424242424242"));
    if (added.status === "declined") throw new Error("unreachable");
    const first = await charge(added.token, "old-key");
    await prisma.$executeRaw`UPDATE sandbox_charges SET created_at = created_at - interval '29 days' WHERE idempotency_key = 'old-key'`;
    expect(await charge(added.token, "old-key")).toEqual(first);
    await prisma.$executeRaw`UPDATE sandbox_charges SET created_at = created_at - interval '2 days' WHERE idempotency_key = 'old-key'`;
    const second = await charge(added.token, "old-key", 777);
    expect(second.status).toBe("succeeded");
    expect(second).not.toEqual(first);
    expect(await prisma.sandboxCharge.findMany({ where: { idempotencyKey: "old-key" } })).toMatchObject([{ amountCents: 777 }]);
  });

  it("declines charges on a detached source", async () => {
    const added = await sandbox.addCard(card("4242424242424242"));
    if (added.status === "declined") throw new Error("unreachable");
    await sandbox.detach(added.token);
    expect(await charge(added.token, "after-detach")).toMatchObject({ status: "declined", code: "account_closed" });
  });
});

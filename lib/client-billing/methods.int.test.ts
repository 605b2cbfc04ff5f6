// R14.1 billing methods on a real PostgreSQL through the sandbox provider: every sandbox path, the
// 3-attempt limit of micro-deposits, the default and removal rules, "payment verified", R16.3's
// second factor, and no full number stored anywhere in the database.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeUser } from "../../tests/support/factories";
import type { CurrentUser } from "../auth/current-user";
import { addBillingMethodSchema } from "../validation/billing-methods";
import {
  addBillingMethod,
  completeChallenge,
  confirmMicrodeposits,
  listBillingMethods,
  removeBillingMethod,
  setDefaultBillingMethod,
} from "./methods";

const { prisma, url } = await setupTestDatabase();
const NOW = new Date("2024-06-12T15:05:00Z");

const card = (cardNumber: string) => addBillingMethodSchema(NOW).parse({ kind: "CARD", cardNumber, expiry: "12/29", cvc: "123" });
const bank = (routingNumber = "110000000") =>
  addBillingMethodSchema(NOW).parse({ kind: "BANK_ACCOUNT", accountHolder: "Ada Client", routingNumber, accountNumber: "000123456789" });
const verifiedAt = async (client: CurrentUser) => (await prisma.user.findUniqueOrThrow({ where: { id: client.id } })).paymentVerifiedAt;

describe("adding billing methods (R14.1)", () => {
  it("4242 is verified at once, becomes the default and makes the client payment verified", async () => {
    const client = await makeUser(prisma, "CLIENT");
    expect(await verifiedAt(client)).toBeNull();
    const m = await addBillingMethod(client, card("4242 4242 4242 4242"), NOW);
    expect(m).toMatchObject({ kind: "CARD", status: "VERIFIED", brand: "Visa", last4: "4242", expMonth: 12, expYear: 2029, isDefault: true });
    expect(await verifiedAt(client)).toEqual(NOW);
  });

  it("a declined card (0002) is a field error and stores nothing", async () => {
    const client = await makeUser(prisma, "CLIENT");
    await expect(addBillingMethod(client, card("4000000000000002"), NOW)).rejects.toMatchObject({ status: 422, details: { fields: { cardNumber: expect.stringContaining("declined") } } });
    expect(await listBillingMethods(client)).toEqual([]);
    expect(await verifiedAt(client)).toBeNull();
  });

  it("declined cards count against a limit (5 an hour); accepted ones do not", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const at = new Date("2024-06-13T10:00:00Z");
    for (let i = 0; i < 6; i++) await addBillingMethod(client, card("4242424242424242"), at);
    for (let i = 0; i < 5; i++) await expect(addBillingMethod(client, card("4000000000000002"), at)).rejects.toMatchObject({ status: 422 });
    await expect(addBillingMethod(client, card("4242424242424242"), at)).rejects.toMatchObject({ status: 429, code: "rate_limited" });
    expect(await addBillingMethod(client, card("4242424242424242"), new Date(at.getTime() + 3_600_001))).toMatchObject({ status: "VERIFIED" });
  });

  it("bad checksums are field errors naming the field", () => {
    const parse = (body: object) => addBillingMethodSchema(NOW).safeParse(body);
    const luhn = parse({ kind: "CARD", cardNumber: "4242 4242 4242 4241", expiry: "12/29", cvc: "123" });
    expect(luhn.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["cardNumber", "This is not a valid card number: check the digits."]]);
    const aba = parse({ kind: "BANK_ACCOUNT", accountHolder: "Ada", routingNumber: "110000001", accountNumber: "000123456789" });
    expect(aba.error?.issues.map((i) => i.path.join("."))).toEqual(["routingNumber"]);
    const expired = parse({ kind: "CARD", cardNumber: "4242424242424242", expiry: "05/24", cvc: "12" });
    expect(expired.error?.issues.map((i) => i.path.join(".")).sort()).toEqual(["cvc", "expiry"]);
  });

  it("3184 waits for its challenge: completing it verifies the card, failing it fails it for good", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const m = await addBillingMethod(client, card("4000002760003184"), NOW);
    expect(m).toMatchObject({ status: "CHALLENGE_REQUIRED", isDefault: false });
    expect(await verifiedAt(client)).toBeNull();
    expect(await completeChallenge(client, m.id, "complete", NOW)).toMatchObject({ status: "VERIFIED", isDefault: true });
    expect(await verifiedAt(client)).toEqual(NOW);
    // a second answer changes nothing
    expect(await completeChallenge(client, m.id, "fail", NOW)).toMatchObject({ status: "VERIFIED" });

    const other = await addBillingMethod(client, card("4000002760003184"), NOW);
    expect(await completeChallenge(client, other.id, "fail", NOW)).toMatchObject({ status: "FAILED", isDefault: false });
    await expect(setDefaultBillingMethod(client, other.id, undefined)).rejects.toMatchObject({ status: 422, details: { fields: { isDefault: expect.any(String) } } });
  });

  it("0341 and 0119 are added and verified (they fail, or lose answers, only at the charge)", async () => {
    const client = await makeUser(prisma, "CLIENT");
    expect(await addBillingMethod(client, card("4000000000000341"), NOW)).toMatchObject({ status: "VERIFIED" });
    expect(await addBillingMethod(client, card("4000000000000119"), NOW)).toMatchObject({ status: "VERIFIED", isDefault: false });
  });

  it("a bank account is verified by its two micro-deposits, in either order", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const m = await addBillingMethod(client, bank(), NOW);
    expect(m).toMatchObject({ kind: "BANK_ACCOUNT", status: "MICRODEPOSITS_SENT", brand: "Sandbox Bank", last4: "6789", microdepositAttemptsLeft: 3 });
    await expect(confirmMicrodeposits(client, m.id, [32, 46], NOW)).rejects.toMatchObject({ status: 422, details: { fields: { amounts: expect.stringContaining("2 attempts left") } } });
    expect((await listBillingMethods(client))[0]).toMatchObject({ microdepositAttemptsLeft: 2 });
    expect(await confirmMicrodeposits(client, m.id, [45, 32], NOW)).toMatchObject({ status: "VERIFIED", isDefault: true, microdepositAttemptsLeft: null });
    expect(await verifiedAt(client)).toEqual(NOW);
  });

  it("micro-deposits: the 3rd wrong entry fails the account and a 4th is refused", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const m = await addBillingMethod(client, bank(), NOW);
    await expect(confirmMicrodeposits(client, m.id, [1, 2], NOW)).rejects.toMatchObject({ details: { fields: { amounts: expect.stringContaining("2 attempts left") } } });
    await expect(confirmMicrodeposits(client, m.id, [1, 2], NOW)).rejects.toMatchObject({ details: { fields: { amounts: expect.stringContaining("1 attempt left") } } });
    await expect(confirmMicrodeposits(client, m.id, [1, 2], NOW)).rejects.toMatchObject({ details: { fields: { amounts: expect.stringContaining("last attempt") } } });
    expect((await listBillingMethods(client))[0]).toMatchObject({ status: "FAILED" });
    // even the right amounts are refused now
    await expect(confirmMicrodeposits(client, m.id, [32, 45], NOW)).rejects.toMatchObject({ status: 422, details: { fields: { amounts: expect.stringContaining("No attempts left") } } });
    expect(await verifiedAt(client)).toBeNull();
    expect((await prisma.billingMethod.findUniqueOrThrow({ where: { id: m.id } })).microdepositAttempts).toBe(3);
  });

  it("micro-deposits entered 5 times at once count at most 3 attempts", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const m = await addBillingMethod(client, bank(), NOW);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => confirmMicrodeposits(client, m.id, [10, 20], NOW)));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(await prisma.billingMethod.findUniqueOrThrow({ where: { id: m.id } })).toMatchObject({ status: "FAILED", microdepositAttempts: 3 });
  });

  it("no full card or account number reaches any table", async () => {
    const client = await makeUser(prisma, "CLIENT");
    await addBillingMethod(client, card("4242424242424242"), NOW);
    await addBillingMethod(client, card("4000002760003184"), NOW);
    await addBillingMethod(client, bank(), NOW);
    const pgc = new pg.Client({ connectionString: url });
    await pgc.connect();
    try {
      const tables = (await pgc.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.tablename);
      for (const table of tables) {
        const dump = (await pgc.query<{ t: string }>(`SELECT coalesce(string_agg(x::text, ' '), '') AS t FROM "${table}" x`)).rows[0]!.t;
        for (const secret of ["4242424242424242", "4000002760003184", "000123456789"]) expect(dump, `${table} holds ${secret}`).not.toContain(secret);
      }
    } finally {
      await pgc.end();
    }
  });
});

describe("default and removal", () => {
  it("makes a verified method the default; removing the default promotes the oldest verified one", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const later = (s: number) => new Date(NOW.getTime() + s * 1000);
    const a = await addBillingMethod(client, card("4242424242424242"), later(1));
    const b = await addBillingMethod(client, card("4000000000000341"), later(2));
    const c = await addBillingMethod(client, card("4000000000000119"), later(3));
    const list = await setDefaultBillingMethod(client, c.id, undefined);
    expect(list.map((m) => [m.id, m.isDefault])).toEqual([[a.id, false], [b.id, false], [c.id, true]]);
    await removeBillingMethod(client, c.id, undefined, NOW);
    expect((await listBillingMethods(client)).map((m) => [m.id, m.isDefault])).toEqual([[a.id, true], [b.id, false]]);
    // removed, not deleted; and the provider no longer charges it
    const removed = await prisma.billingMethod.findUniqueOrThrow({ where: { id: c.id } });
    expect(removed).toMatchObject({ status: "REMOVED", removedAt: NOW, isDefault: false });
    expect((await prisma.sandboxPaymentSource.findUniqueOrThrow({ where: { token: removed.providerToken } })).detachedAt).not.toBeNull();
  });

  it("cards added at once: exactly one becomes the default", async () => {
    const client = await makeUser(prisma, "CLIENT");
    await Promise.all(Array.from({ length: 4 }, () => addBillingMethod(client, card("4242424242424242"), NOW)));
    expect((await listBillingMethods(client)).filter((m) => m.isDefault)).toHaveLength(1);
  });

  it("another client's method is a 404 for every change", async () => {
    const owner = await makeUser(prisma, "CLIENT");
    const m = await addBillingMethod(owner, bank(), NOW);
    const other = await makeUser(prisma, "CLIENT");
    await expect(setDefaultBillingMethod(other, m.id, undefined)).rejects.toMatchObject({ status: 404 });
    await expect(removeBillingMethod(other, m.id, undefined, NOW)).rejects.toMatchObject({ status: 404 });
    await expect(confirmMicrodeposits(other, m.id, [32, 45], NOW)).rejects.toMatchObject({ status: 404 });
    await expect(completeChallenge(other, m.id, "complete", NOW)).rejects.toMatchObject({ status: 404 });
    expect((await listBillingMethods(owner))[0]).toMatchObject({ status: "MICRODEPOSITS_SENT", microdepositAttemptsLeft: 3 });
  });

  it("payment verified ends with the last verified method, unless an admin verified the client by hand", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const m = await addBillingMethod(client, card("4242424242424242"), NOW);
    await removeBillingMethod(client, m.id, undefined, NOW);
    expect(await verifiedAt(client)).toBeNull();
    const byHand = await makeUser(prisma, "CLIENT");
    await prisma.user.update({ where: { id: byHand.id }, data: { paymentVerifiedAt: NOW, paymentVerificationNote: "Wire received, invoice 12" } });
    const n = await addBillingMethod(byHand, card("4242424242424242"), new Date(NOW.getTime() + 1000));
    expect(await verifiedAt(byHand)).toEqual(NOW);
    await removeBillingMethod(byHand, n.id, undefined, NOW);
    expect(await verifiedAt(byHand)).toEqual(NOW);
  });

  it("the only verified method of a client with an unpaid charge cannot be removed (R14.3); with another one it can", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const m = await addBillingMethod(client, card("4000000000000341"), NOW);
    const pending = await addBillingMethod(client, bank(), NOW);
    for (const status of ["FAILED", "PAST_DUE"] as const) {
      const charge = await prisma.charge.create({
        data: { id: randomUUID(), referenceId: `HG-CHG-TEST-${randomUUID().slice(0, 8)}`, clientId: client.id, kind: "BONUS", amountCents: 1000, status, createdAt: NOW },
      });
      await expect(removeBillingMethod(client, m.id, undefined, NOW)).rejects.toMatchObject({ status: 422, details: { fields: { method: expect.stringContaining("unpaid charge") } } });
      await prisma.charge.update({ where: { id: charge.id }, data: { status: "SUCCEEDED" } });
    }
    await prisma.charge.create({
      data: { id: randomUUID(), referenceId: `HG-CHG-TEST-${randomUUID().slice(0, 8)}`, clientId: client.id, kind: "BONUS", amountCents: 1000, status: "PAST_DUE", createdAt: NOW },
    });
    // an unverified method does not count as another one, and may itself go
    await removeBillingMethod(client, pending.id, undefined, NOW);
    await expect(removeBillingMethod(client, m.id, undefined, NOW)).rejects.toMatchObject({ status: 422 });
    await addBillingMethod(client, card("4242424242424242"), NOW);
    await removeBillingMethod(client, m.id, undefined, NOW);
    expect((await listBillingMethods(client)).map((x) => [x.last4, x.isDefault])).toEqual([["4242", true]]);
  });
});

describe("second factor (R16.3)", () => {
  it("adding, making default and removing ask for a code when two-step verification is on", async () => {
    const client = await makeUser(prisma, "CLIENT", { secondFactor: true });
    await expect(addBillingMethod(client, card("4242424242424242"), NOW)).rejects.toMatchObject({ status: 401, code: "second_factor_required" });
    await expect(addBillingMethod(client, { ...card("4242424242424242"), code: "000000" }, NOW)).rejects.toMatchObject({ status: 422, code: "second_factor_invalid" });
    expect(await listBillingMethods(client)).toEqual([]);
    // a method added behind the factor's back (as the sandbox would) still asks for the code to change
    await prisma.secondFactor.update({ where: { userId: client.id }, data: { enabledAt: null } });
    const m = await addBillingMethod(client, card("4242424242424242"), NOW);
    await prisma.secondFactor.update({ where: { userId: client.id }, data: { enabledAt: NOW } });
    await expect(setDefaultBillingMethod(client, m.id, undefined)).rejects.toMatchObject({ status: 401 });
    await expect(removeBillingMethod(client, m.id, undefined, NOW)).rejects.toMatchObject({ status: 401 });
    expect((await listBillingMethods(client))[0]).toMatchObject({ status: "VERIFIED" });
  });
});

import "server-only";
// R14.1 a client's billing methods: a card or a US bank account added through the payment provider.
// Only the provider's token and the last 4 digits (with the brand or bank name, and a card's expiry)
// are stored. The client is "payment verified" (section 5) while they hold a verified method.
// R16.3 adding, making default and removing ask for the second factor when it is on.
// Choice: answering a card's step-up challenge and entering micro-deposits do not ask again: they
// finish an add that already asked, and each is itself a proof of holding the card or account.
import { db } from "@/lib/db/client";
import { invalid, notFound } from "@/lib/errors";
import { confirmSecondFactor } from "@/lib/auth/second-factor";
import type { CurrentUser } from "@/lib/auth/current-user";
import { transaction, type Tx } from "@/lib/ledger/db";
import type { BillingMethodKind, BillingMethodStatus } from "@/lib/generated/prisma/enums";
import type { AddBillingMethodInput } from "@/lib/validation/billing-methods";
import { limitedAttempt } from "@/lib/rate-limit/attempts";
import { paymentProvider } from "./provider";
import type { AddCardResult } from "./provider-types";

const DECLINED_CARD_LIMIT = { limit: 5, windowMs: 3_600_000 } as const;

/** R14.1 a bank account's micro-deposits may be entered at most 3 times. */
export const MICRODEPOSIT_ATTEMPTS = 3;

export interface BillingMethodView {
  id: string;
  kind: BillingMethodKind;
  status: BillingMethodStatus;
  brand: string | null;
  last4: string;
  expMonth: number | null;
  expYear: number | null;
  isDefault: boolean;
  verifiedAt: string | null;
  /** a bank account waiting for its micro-deposits: how many more tries it has */
  microdepositAttemptsLeft: number | null;
  createdAt: string;
}

type MethodRow = Awaited<ReturnType<Tx["billingMethod"]["findFirstOrThrow"]>>;

function view(m: MethodRow): BillingMethodView {
  return {
    id: m.id, kind: m.kind, status: m.status, brand: m.brand, last4: m.last4, expMonth: m.expMonth, expYear: m.expYear,
    isDefault: m.isDefault, verifiedAt: m.verifiedAt?.toISOString() ?? null,
    microdepositAttemptsLeft: m.status === "MICRODEPOSITS_SENT" ? MICRODEPOSIT_ATTEMPTS - m.microdepositAttempts : null,
    createdAt: m.createdAt.toISOString(),
  };
}

/** The client's methods, oldest first; removed ones are gone from the list (their row stays). */
export async function listBillingMethods(user: CurrentUser): Promise<BillingMethodView[]> {
  const rows = await db().billingMethod.findMany({ where: { clientId: user.id, status: { not: "REMOVED" } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(view);
}

/** One of the client's own methods, not removed; 404 for anyone else's (the handler's convention). */
async function ownMethod(tx: Tx, user: CurrentUser, id: string): Promise<MethodRow> {
  // the client's row is locked first: default and removal rules read all of the client's methods
  await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${user.id}::uuid FOR UPDATE`;
  const method = await tx.billingMethod.findFirst({ where: { id, clientId: user.id, status: { not: "REMOVED" } } });
  if (!method) throw notFound("No such billing method.");
  return method;
}

/**
 * R14.1, section 5: payment verified while a verified method remains. Choice: the instant of the
 * first verification is kept while some method stays verified (it is when the client became
 * verified); an admin's manual verification (a note) is not undone by removing methods.
 */
export async function syncPaymentVerified(tx: Tx, clientId: string, at: Date): Promise<void> {
  await tx.$executeRaw`
    UPDATE users SET payment_verified_at = CASE
      WHEN EXISTS (SELECT 1 FROM billing_methods WHERE client_id = users.id AND status = 'VERIFIED') THEN COALESCE(payment_verified_at, ${at})
      WHEN payment_verification_note IS NOT NULL THEN payment_verified_at
      ELSE NULL END
    WHERE id = ${clientId}::uuid`;
}

/** A method just became VERIFIED: it becomes the default when the client has no usable default. */
async function verified(tx: Tx, method: MethodRow, at: Date): Promise<void> {
  // Choice (as Stripe's invoice_settings.default_payment_method): only a verified method can be the
  // default, and the first one verified becomes it, so the weekly charge has something to use.
  const hasDefault = (await tx.billingMethod.count({ where: { clientId: method.clientId, isDefault: true, status: "VERIFIED" } })) > 0;
  if (!hasDefault) await tx.billingMethod.updateMany({ where: { clientId: method.clientId, isDefault: true }, data: { isDefault: false } });
  await tx.billingMethod.update({ where: { id: method.id }, data: { status: "VERIFIED", verifiedAt: at, isDefault: !hasDefault } });
  await syncPaymentVerified(tx, method.clientId, at);
}

/** R14.1 adds a card (verified at once, or after a step-up challenge) or a bank account (micro-deposits sent). */
export async function addBillingMethod(user: CurrentUser, input: AddBillingMethodInput, at: Date): Promise<BillingMethodView> {
  await confirmSecondFactor(user.id, input.code); // R16.3, once the method itself is valid
  const provider = paymentProvider();
  let data: { kind: BillingMethodKind; status: BillingMethodStatus; providerToken: string; last4: string; brand: string; expMonth?: number; expYear?: number };
  if (input.kind === "CARD") {
    let added: AddCardResult | undefined;
    // Choice (as card networks expect against card testing): declined cards count, 5 an hour per client,
    // then 429 until the oldest ages out; a card that is accepted does not count.
    await limitedAttempt([{ key: `billing-method-declines:user:${user.id}`, ...DECLINED_CARD_LIMIT }], at,
      (s) => `Too many declined cards. Try again in ${Math.ceil(s / 60)} minute(s).`,
      async () => {
        added = await provider.addCard({ number: input.cardNumber, expMonth: input.expiry.expMonth, expYear: input.expiry.expYear, cvc: input.cvc });
        return added.status !== "declined";
      });
    if (!added) throw new Error("the provider did not answer the card");
    if (added.status === "declined") throw invalid("cardNumber", added.message);
    data = {
      kind: "CARD", status: "CHALLENGE_REQUIRED", providerToken: added.token, last4: added.last4, brand: added.brand, expMonth: added.expMonth, expYear: added.expYear,
    };
    return finishAdd(user, data, added.status === "verified", at);
  }
  const account = await provider.addBankAccount({ routingNumber: input.routingNumber, accountNumber: input.accountNumber, accountHolder: input.accountHolder });
  return finishAdd(user, { kind: "BANK_ACCOUNT", status: "MICRODEPOSITS_SENT", providerToken: account.token, last4: account.last4, brand: account.brand }, false, at);
}

async function finishAdd(
  user: CurrentUser,
  data: { kind: BillingMethodKind; status: BillingMethodStatus; providerToken: string; last4: string; brand: string; expMonth?: number; expYear?: number },
  isVerified: boolean,
  at: Date,
): Promise<BillingMethodView> {
  return transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${user.id}::uuid FOR UPDATE`;
    const created = await tx.billingMethod.create({ data: { ...data, clientId: user.id, createdAt: at } });
    if (isVerified) await verified(tx, created, at);
    return view(await tx.billingMethod.findUniqueOrThrow({ where: { id: created.id } }));
  });
}

/** The sandbox's (or an issuer's) step-up page answered: the card is verified, or failed for good. */
export async function completeChallenge(user: CurrentUser, id: string, outcome: "complete" | "fail", at: Date): Promise<BillingMethodView> {
  const method = await transaction((tx) => ownMethod(tx, user, id));
  // Choice: a second answer to a challenge already answered returns the method as it stands (the
  // issuer's page may post twice); a method with no challenge refuses.
  if (method.status === "VERIFIED" || method.status === "FAILED") return view(method);
  if (method.status !== "CHALLENGE_REQUIRED") throw invalid("outcome", "This method has no challenge waiting.");
  const result = await paymentProvider().completeChallenge(method.providerToken, outcome);
  return transaction(async (tx) => {
    const current = await ownMethod(tx, user, id);
    if (current.status !== "CHALLENGE_REQUIRED") return view(current);
    if (result === "verified") await verified(tx, current, at);
    else await tx.billingMethod.update({ where: { id }, data: { status: "FAILED" } });
    return view(await tx.billingMethod.findUniqueOrThrow({ where: { id } }));
  });
}

/**
 * R14.1 the client enters the two micro-deposit amounts: right, the account is verified; wrong, a
 * field error with the attempts left; the 3rd wrong entry fails the account (and a 4th is refused).
 * Each entry is counted in its own transaction before the answer, so a wrong one stays counted.
 */
export async function confirmMicrodeposits(user: CurrentUser, id: string, amounts: [number, number], at: Date): Promise<BillingMethodView> {
  const claimed = await transaction(async (tx) => {
    const method = await ownMethod(tx, user, id);
    if (method.kind !== "BANK_ACCOUNT") throw invalid("amounts", "Only a bank account is verified by micro-deposits.");
    if (method.status === "VERIFIED") throw invalid("amounts", "This bank account is already verified.");
    if (method.status === "FAILED" || method.microdepositAttempts >= MICRODEPOSIT_ATTEMPTS) {
      throw invalid("amounts", "No attempts left: this bank account could not be verified. Remove it and add it again to get new micro-deposits.");
    }
    return tx.billingMethod.update({ where: { id }, data: { microdepositAttempts: { increment: 1 } } });
  });
  const right = await paymentProvider().checkMicrodeposits(claimed.providerToken, amounts);
  const left = MICRODEPOSIT_ATTEMPTS - claimed.microdepositAttempts;
  const result = await transaction(async (tx) => {
    const current = await ownMethod(tx, user, id);
    if (current.status !== "MICRODEPOSITS_SENT") return current;
    if (right) await verified(tx, current, at);
    else if (left === 0) await tx.billingMethod.update({ where: { id }, data: { status: "FAILED" } });
    return tx.billingMethod.findUniqueOrThrow({ where: { id } });
  });
  if (right) return view(result);
  throw invalid(
    "amounts",
    left === 0
      ? "Those are not the two amounts we sent, and that was the last attempt: this bank account could not be verified. Remove it and add it again to get new micro-deposits."
      : `Those are not the two amounts we sent. Check your bank statement for two deposits from Hourglass (${left} ${left === 1 ? "attempt" : "attempts"} left).`,
  );
}

/** The method the weekly charge will use; only a verified one can be. */
export async function setDefaultBillingMethod(user: CurrentUser, id: string, code: string | undefined): Promise<BillingMethodView[]> {
  await confirmSecondFactor(user.id, code); // R16.3
  await transaction(async (tx) => {
    const method = await ownMethod(tx, user, id);
    if (method.status !== "VERIFIED") throw invalid("isDefault", "Only a verified method can be the default: finish its verification first.");
    await tx.billingMethod.updateMany({ where: { clientId: user.id, isDefault: true }, data: { isDefault: false } });
    await tx.billingMethod.update({ where: { id }, data: { isDefault: true } });
  });
  return listBillingMethods(user);
}

/**
 * Removes a method (status REMOVED, its row kept for the attempts that used it). Refused while it is
 * the only verified method of a client with an unpaid (failed or past due) charge (R14.3).
 * Choice: removing the default makes the oldest remaining verified method the default.
 */
export async function removeBillingMethod(user: CurrentUser, id: string, code: string | undefined, at: Date): Promise<void> {
  await confirmSecondFactor(user.id, code); // R16.3
  const token = await transaction(async (tx) => {
    const method = await ownMethod(tx, user, id);
    if (method.status === "VERIFIED") {
      const others = await tx.billingMethod.count({ where: { clientId: user.id, status: "VERIFIED", id: { not: id } } });
      if (others === 0) {
        const unpaid = await tx.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM charges WHERE client_id = ${user.id}::uuid AND status IN ('FAILED', 'PAST_DUE')`;
        if (Number(unpaid[0]?.n ?? 0) > 0) {
          throw invalid("method", "You have an unpaid charge: add another card or bank account before removing your only verified one, or pay the charge first.");
        }
      }
    }
    await tx.billingMethod.update({ where: { id }, data: { status: "REMOVED", removedAt: at, isDefault: false } });
    if (method.isDefault) {
      const next = await tx.billingMethod.findFirst({ where: { clientId: user.id, status: "VERIFIED" }, orderBy: [{ verifiedAt: "asc" }, { id: "asc" }] });
      if (next) await tx.billingMethod.update({ where: { id: next.id }, data: { isDefault: true } });
    }
    await syncPaymentVerified(tx, user.id, at);
    return method.providerToken;
  });
  // the provider forgets it after our commit: a removed method is never charged again
  await paymentProvider().detach(token);
}

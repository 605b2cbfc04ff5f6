import "server-only";
// R10.1 the freelancer's payout methods: usable 3 days after they are added.
// Choice: the full account or card number is never stored: the provider's vault
// gets it once (tokenize) and the method keeps the token, the last 4 digits and
// the public identifiers of the bank (routing number, bank code, SWIFT), so lists,
// responses and logs can show "••••6789" and nothing more.
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { payoutMethodUsableAt } from "@/lib/billing";
import { transaction } from "@/lib/ledger/db";
import { isUniqueViolation } from "@/lib/ledger/pg-errors";
import { secretNumberOf, type AddPayoutMethodInput } from "@/lib/validation/payouts";
import { cardBrand, masked } from "@/lib/validation/account-numbers";
import { listPayoutMethods, type PayoutMethodView } from "./list-payout-methods";
import { payoutProvider } from "./provider";

export type { AddPayoutMethodInput };

/** What is kept of an account besides the provider's token: nothing a payout could be sent with. */
function publicDetails(input: AddPayoutMethodInput): Record<string, string> {
  switch (input.kind) {
    case "ACH":
      return { accountHolder: input.accountHolder, routingNumber: input.routingNumber };
    case "LOCAL_BANK":
      return { accountHolder: input.accountHolder, country: input.country, bankCode: input.bankCode };
    case "WIRE":
      return { accountHolder: input.accountHolder, swift: input.swift, ibanCountry: input.iban.slice(0, 2) };
    case "INSTANT_CARD":
      return { accountHolder: input.accountHolder, brand: cardBrand(input.cardNumber), expiry: input.expiry };
  }
}

/** Choice: a method added without a name is called by its kind (or card brand) and last 4 digits. */
function defaultLabel(input: AddPayoutMethodInput, last4: string): string {
  switch (input.kind) {
    case "ACH":
      return `ACH ${masked(last4)}`;
    case "LOCAL_BANK":
      return `Bank (${input.country}) ${masked(last4)}`;
    case "WIRE":
      return `Wire ${input.swift.slice(0, 4)} ${masked(last4)}`;
    case "INSTANT_CARD":
      return `${cardBrand(input.cardNumber)} ${masked(last4)}`;
  }
}

export async function addPayoutMethod(user: CurrentUser, input: AddPayoutMethodInput, now: Date): Promise<PayoutMethodView> {
  const provider = payoutProvider();
  const { token } = await provider.tokenize(input);
  const last4 = secretNumberOf(input).slice(-4);
  const base = {
    userId: user.id, kind: input.kind, label: input.label || defaultLabel(input, last4), last4,
    details: { token, provider: provider.name, ...publicDetails(input) }, createdAt: now, usableFrom: payoutMethodUsableAt(now),
  };
  // Choice: the first method becomes the default (the one scheduled payouts use)
  const hasDefault = (await db().payoutMethod.count({ where: { userId: user.id, isDefault: true, removedAt: null } })) > 0;
  let id: string;
  try {
    id = (await db().payoutMethod.create({ data: { ...base, isDefault: !hasDefault } })).id;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    id = (await db().payoutMethod.create({ data: { ...base, isDefault: false } })).id; // another request made a default first
  }
  return (await listPayoutMethods(user)).find((m) => m.id === id)!;
}

/**
 * Choice: removing the default method makes the oldest remaining one the default; and a payout
 * already on its way to the removed method still completes (the payout job reads removed methods too).
 */
export async function removePayoutMethod(user: CurrentUser, id: string, now: Date): Promise<void> {
  await transaction(async (tx) => {
    const method = await tx.payoutMethod.findFirst({ where: { id, userId: user.id, removedAt: null } });
    if (!method) throw notFound("No such payout method.");
    await tx.payoutMethod.update({ where: { id }, data: { removedAt: now, isDefault: false } });
    if (method.isDefault) {
      const next = await tx.payoutMethod.findFirst({ where: { userId: user.id, removedAt: null }, orderBy: { createdAt: "asc" } });
      if (next) await tx.payoutMethod.update({ where: { id: next.id }, data: { isDefault: true } });
    }
  });
}

export async function setDefaultPayoutMethod(user: CurrentUser, id: string): Promise<PayoutMethodView[]> {
  await transaction(async (tx) => {
    const method = await tx.payoutMethod.findFirst({ where: { id, userId: user.id, removedAt: null } });
    if (!method) throw notFound("No such payout method.");
    await tx.payoutMethod.updateMany({ where: { userId: user.id, isDefault: true }, data: { isDefault: false } });
    await tx.payoutMethod.update({ where: { id }, data: { isDefault: true } });
  });
  return listPayoutMethods(user);
}

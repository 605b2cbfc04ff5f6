import "server-only";
// R10.1 the freelancer's payout methods: usable 3 days after they are added.
// Choice: the full account number is never stored; the method keeps its last 4
// digits for display and a token standing for it at the provider.
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/api/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { payoutMethodUsableAt } from "@/lib/billing";
import type { PayoutMethodKind } from "@/lib/generated/prisma/enums";
import { transaction } from "@/lib/ledger/db";
import { isUniqueViolation } from "@/lib/ledger/pg-errors";
import { listPayoutMethods, type PayoutMethodView } from "./list-payout-methods";

export interface AddPayoutMethodInput {
  kind: PayoutMethodKind;
  label: string;
  accountNumber: string;
}

export async function addPayoutMethod(user: CurrentUser, input: AddPayoutMethodInput, now: Date): Promise<PayoutMethodView> {
  const token = `tok_${createHash("sha256").update(`${user.id}:${input.kind}:${input.accountNumber}`).digest("hex").slice(0, 24)}`;
  const base = { userId: user.id, kind: input.kind, label: input.label, last4: input.accountNumber.slice(-4), details: { token }, createdAt: now, usableFrom: payoutMethodUsableAt(now) };
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

/** Choice: removing the default method makes the oldest remaining one the default. */
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

// R10.2 the withdraw-now form's check and preview, in the browser: the same schema
// as the route (lib/validation/payouts) and the same rules (lib/billing), so the fee
// and the net shown before confirming are the ones the server books, and a refusal
// names the same field. Pure: the caller passes `now` and the balance it shows.
import { isBillingError, quoteWithdrawal, type WithdrawalQuote } from "@/lib/billing";
import type { PayoutMethodKind } from "@/lib/config/rules";
import { parseDollars } from "@/lib/format/money";
import { fieldErrors, withdrawSchema } from "@/lib/validation/payouts";
import { withdrawalRefusal } from "./refusals";

export interface PreviewMethod {
  id: string;
  kind: string;
  createdAt: string;
}

export type WithdrawPreview = ({ ok: true; methodId: string } & WithdrawalQuote) | { ok: false; fields: Record<string, string> };

const amountAndMethod = withdrawSchema.pick({ amountCents: true, methodId: true });

export function previewWithdrawal(input: { amountText: string; methodId: string; methods: readonly PreviewMethod[]; availableCents: number; now: Date }): WithdrawPreview {
  const amountCents = parseDollars(input.amountText);
  if (Number.isNaN(amountCents)) {
    const fields: Record<string, string> = { amountCents: "Enter the amount in dollars, like 120 or 99.50." };
    if (!input.methodId) fields.methodId = "Choose one of your payout methods.";
    return { ok: false, fields };
  }
  const parsed = amountAndMethod.safeParse({ amountCents, methodId: input.methodId });
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  const method = input.methods.find((m) => m.id === input.methodId);
  if (!method) return { ok: false, fields: { methodId: "Choose one of your payout methods." } };
  try {
    const quote = quoteWithdrawal({ amountCents, availableCents: input.availableCents, method: method.kind, methodAddedAt: new Date(method.createdAt), now: input.now });
    return { ok: true, methodId: method.id, ...quote };
  } catch (error) {
    if (!isBillingError(error)) throw error;
    const refusal = withdrawalRefusal(error, { kind: method.kind as PayoutMethodKind, addedAt: new Date(method.createdAt), availableCents: input.availableCents });
    if (refusal) return { ok: false, fields: { [refusal.field]: refusal.message } };
    return { ok: false, fields: { [error.field === "method" ? "methodId" : "amountCents"]: error.message } };
  }
}

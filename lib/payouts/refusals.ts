// R10.1 / R10.2 what a refused withdrawal tells the freelancer, in the form (withdraw-preview)
// and from the server (lib/payouts/withdraw) alike: the instant a new method becomes usable, and
// the amount a limit stands at, so nobody has to work either out.
// Choice: the instant is written in UTC and says so ("Sat 15 Jun 2024, 15:05 UTC"), the
// zone the rules count in (R1), whatever zone the page shows elsewhere; the method list and the
// method picker still show it in the freelancer's own zone beside it.
import { payoutFeeCents, payoutMethodUsableAt, type BillingError } from "@/lib/billing";
import { RULES, type PayoutMethodKind } from "@/lib/config/rules";
import { formatCents } from "@/lib/format/money";
import { dateTime } from "./display";

/** How a method's fee is named in a sentence: "the $30.00 wire fee". */
const FEE_NAME: Record<PayoutMethodKind, string> = { ACH: "ACH", LOCAL_BANK: "local bank transfer", WIRE: "wire", INSTANT_CARD: "instant-to-card" };

/** "Sat 15 Jun 2024, 15:05 UTC" */
export function utcInstant(at: Date): string {
  return `${dateTime(at.toISOString(), "UTC")} UTC`;
}

export function methodNotUsableYetText(addedAt: Date): string {
  return `This method can be used from ${utcInstant(payoutMethodUsableAt(addedAt))}, ${RULES.payouts.newMethodHoldDays} days after it was added. Choose another one, or wait until then.`;
}

export function aboveAvailableText(availableCents: number): string {
  return `Enter at most ${formatCents(availableCents)}, your available balance.`;
}

export function notAboveFeeText(kind: PayoutMethodKind): string {
  return `Enter more than the ${formatCents(payoutFeeCents(kind))} ${FEE_NAME[kind]} fee, which comes out of the amount.`;
}

/** The field and the sentence for a refusal by the R10 rules; null for errors these do not name (the caller keeps its own). */
export function withdrawalRefusal(error: BillingError, at: { kind: PayoutMethodKind; addedAt: Date; availableCents: number }): { field: "methodId" | "amountCents"; message: string } | null {
  switch (error.code) {
    case "METHOD_NOT_USABLE_YET":
      return { field: "methodId", message: methodNotUsableYetText(at.addedAt) };
    case "AMOUNT_EXCEEDS_AVAILABLE":
      return { field: "amountCents", message: aboveAvailableText(at.availableCents) };
    case "AMOUNT_NOT_ABOVE_FEE":
      return { field: "amountCents", message: notAboveFeeText(at.kind) };
    default:
      return null;
  }
}

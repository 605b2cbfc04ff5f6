// zod schemas of Settings › Billing (R14.1), used by the route handlers and, field for field, by the
// forms in the browser: a card (Luhn, expiry, CVC) or a US bank account (ABA routing checksum), the
// step-up challenge's answer, the two micro-deposit amounts, and making a method the default.
import { z } from "zod";
import { text } from "./text";
import { compact, isAbaRoutingNumber } from "./account-numbers";
import { cardExpiryField, cardNumberField } from "./card-fields";

const secondFactorCode = text("Enter the 6-digit code from your authenticator app.").trim().max(32, "Use at most 32 characters.").optional();

/** Digits as typed, spaces and dashes dropped. */
const typed = (missing: string) => text(missing).transform(compact);

const card = (now: Date) =>
  z.object({
    kind: z.literal("CARD"),
    cardNumber: cardNumberField(),
    expiry: cardExpiryField(now, "This card has expired: use a card with a later expiry date.")
      .transform((end) => {
        const last = new Date(end.getTime() - 1);
        return { expMonth: last.getUTCMonth() + 1, expYear: last.getUTCFullYear() };
      }),
    cvc: typed("Enter the 3 or 4 digit security code (CVC) from the back of the card.").pipe(
      z.string().regex(/^\d{3,4}$/, "Enter the 3 or 4 digit security code (CVC) from the back of the card."),
    ),
    code: secondFactorCode,
  });

const bankAccount = z.object({
  kind: z.literal("BANK_ACCOUNT"),
  accountHolder: text("Enter the account holder's name.")
    .trim()
    .min(2, "Enter the account holder's name as the bank knows it.")
    .max(80, "Use at most 80 characters."),
  routingNumber: typed("Enter the 9-digit routing number.")
    .pipe(z.string().regex(/^\d{9}$/, "Enter the 9-digit routing number."))
    .refine(isAbaRoutingNumber, "This is not a valid routing number: check the 9 digits."),
  accountNumber: typed("Enter the account number.").pipe(z.string().regex(/^\d{4,17}$/, "Enter the account number: 4 to 17 digits.")),
  code: secondFactorCode,
});

/** R14.1 a new billing method; `now` decides whether a card has expired. */
export function addBillingMethodSchema(now: Date) {
  return z.discriminatedUnion("kind", [card(now), bankAccount], { error: "Choose a kind of billing method: Card or Bank account." });
}
export type AddBillingMethodInput = z.output<ReturnType<typeof addBillingMethodSchema>>;

/** The sandbox's step-up page reports the challenge as completed or failed. */
export const challengeSchema = z.object({
  outcome: z.enum(["complete", "fail"], { error: "Say whether the challenge was completed: complete or fail." }),
});

const deposit = z
  .number({ error: "Enter each amount in cents, such as 32." })
  .int("Enter each amount in whole cents, such as 32.")
  .min(1, "Each micro-deposit is between 1 and 99 cents.")
  .max(99, "Each micro-deposit is between 1 and 99 cents.");

/** R14.1 the two micro-deposit amounts, in cents (1-99 each). */
export const microdepositsSchema = z.object({
  amounts: z.tuple([deposit, deposit], { error: "Enter the two micro-deposit amounts, in cents." }),
});

export const updateBillingMethodSchema = z.object({
  isDefault: z.literal(true, { error: "Only making a method the default can be changed; remove it to stop using it." }),
  code: secondFactorCode,
});

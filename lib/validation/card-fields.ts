// The card fields shared by Get Paid's instant-payout card (R10.1) and Settings › Billing's card
// (R14.1): a Luhn-checked number and an "MM/YY" expiry not yet past, with the same words.
import { z } from "zod";
import { text } from "./text";
import { cardExpiryEnd, compact, passesLuhn } from "./account-numbers";

export const cardNumberField = () =>
  text("Enter the card number.")
    .transform(compact)
    .pipe(z.string().regex(/^\d{12,19}$/, "Enter the card number: 12 to 19 digits."))
    .refine(passesLuhn, "This is not a valid card number: check the digits.");

/** "MM/YY" as typed, checked against `now` (a card is valid through the last day of its expiry month); gives the month after the expiry. */
export const cardExpiryField = (now: Date, expiredMessage: string) =>
  text("Enter the expiry date as MM/YY.")
    .refine((s) => cardExpiryEnd(s) !== null, "Enter the expiry date as MM/YY.")
    .refine((s) => (cardExpiryEnd(s)?.getTime() ?? 0) > now.getTime(), expiredMessage)
    .transform((s) => cardExpiryEnd(s)!);

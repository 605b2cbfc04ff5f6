// zod schemas of Settings > Get Paid (R10), used by the route handlers and, field
// for field, by the forms in the browser: a method's account details checked per
// kind (routing checksum, IBAN and SWIFT, card Luhn and expiry), withdraw-now with
// the password again, and the payout schedule.
import { z } from "zod";
import { text } from "./text";
import { PAYOUT_FREQUENCIES, PAYOUT_METHOD_KINDS } from "@/lib/config/rules";
import { compact, isAbaRoutingNumber, isIban, isSwiftBic } from "./account-numbers";
import { cents, idempotencyKey } from "./money";
import { cardExpiryField, cardNumberField } from "./card-fields";
import { chooseOne } from "./field-labels";
import { FREQUENCY_LABEL, KIND_LABEL } from "./payout-labels";

/** Digits and letters as typed, spaces and dashes dropped, upper case. */
const typed = (missing: string) => text(missing).transform(compact);

const accountHolder = text("Enter the account holder's name.")
  .trim()
  .min(2, "Enter the account holder's name as the bank knows it.")
  .max(80, "Use at most 80 characters.");

// Choice: the name is optional; without one the method is called by its kind and last 4 digits.
const label = text().trim().max(80, "Use at most 80 characters.").default("");

const ach = z.object({
  kind: z.literal("ACH"),
  label,
  accountHolder,
  routingNumber: typed("Enter the 9-digit routing number.")
    .pipe(z.string().regex(/^\d{9}$/, "Enter the 9-digit routing number."))
    .refine(isAbaRoutingNumber, "This is not a valid routing number: check the 9 digits."),
  accountNumber: typed("Enter the account number.").pipe(z.string().regex(/^\d{4,17}$/, "Enter the account number: 4 to 17 digits.")),
});

const localBank = z.object({
  kind: z.literal("LOCAL_BANK"),
  label,
  accountHolder,
  country: typed("Choose the bank's country.").pipe(z.string().regex(/^[A-Z]{2}$/, "Choose the bank's country (two letters, such as PK).")),
  bankCode: typed("Enter the bank or branch code.").pipe(z.string().regex(/^[A-Z0-9]{2,15}$/, "Enter the bank or branch code: 2 to 15 letters and digits.")),
  accountNumber: typed("Enter the account number.").pipe(z.string().regex(/^[A-Z0-9]{4,34}$/, "Enter the account number: 4 to 34 letters and digits.")),
});

// Choice: wires go out as international (SWIFT) transfers, so they need an IBAN and the bank's SWIFT/BIC.
const wire = z.object({
  kind: z.literal("WIRE"),
  label,
  accountHolder,
  iban: typed("Enter the IBAN.").refine(isIban, "This is not a valid IBAN: check the country, the check digits and the account number."),
  swift: typed("Enter the SWIFT/BIC code.").refine(isSwiftBic, "Enter the 8 or 11 character SWIFT/BIC code, such as DEUTDEFF."),
});

const instantCard = (now: Date) =>
  z.object({
    kind: z.literal("INSTANT_CARD"),
    label,
    accountHolder,
    cardNumber: cardNumberField(),
    expiry: cardExpiryField(now, "This card has expired.")
      .transform((end) => {
        const month = end.getUTCMonth() === 0 ? 12 : end.getUTCMonth();
        const year = end.getUTCMonth() === 0 ? end.getUTCFullYear() - 1 : end.getUTCFullYear();
        return `${String(month).padStart(2, "0")}/${String(year).slice(2)}`;
      }),
  });

/** The full number a method stands for (never stored, never echoed). */
export function secretNumberOf(input: AddPayoutMethodInput): string {
  switch (input.kind) {
    case "ACH":
    case "LOCAL_BANK":
      return input.accountNumber;
    case "WIRE":
      return input.iban;
    case "INSTANT_CARD":
      return input.cardNumber;
  }
}

/** R10.1 a new payout method; `now` decides whether a card has expired. */
export function addPayoutMethodSchema(now: Date) {
  return z
    .discriminatedUnion("kind", [ach, localBank, wire, instantCard(now)], { error: chooseOne("a kind of payout method", PAYOUT_METHOD_KINDS, KIND_LABEL) })
    .superRefine((input, ctx) => {
      // Choice: the name is shown in lists and e-mails, so it may not carry the number itself.
      const secret = secretNumberOf(input);
      if (secret.length >= 6 && compact(input.label).includes(secret)) {
        ctx.addIssue({ code: "custom", path: ["label"], message: "Leave the account number out of the name: only its last 4 digits are ever shown." });
      }
    });
}
export type AddPayoutMethodInput = z.output<ReturnType<typeof addPayoutMethodSchema>>;
export type AddPayoutMethodBody = z.input<ReturnType<typeof addPayoutMethodSchema>>;

export const updatePayoutMethodSchema = z.object({
  isDefault: z.literal(true, { error: "Only making a method the default can be changed; remove it to stop using it." }),
  /** R16.3 with two-step verification on */
  code: text("Enter the 6-digit code from your authenticator app.").trim().max(32, "Use at most 32 characters.").optional(),
});

/** R10.2 withdraw now; the password again confirms it is the freelancer at the keyboard. */
export const withdrawSchema = z.object({
  amountCents: cents("The amount", 1),
  methodId: z.uuid("Choose one of your payout methods."),
  idempotencyKey,
  password: text("Enter your password to confirm the withdrawal.").min(1, "Enter your password to confirm the withdrawal.").max(1024, "That is not your password."),
  /** R16.3 with two-step verification on: a code from the authenticator app or a recovery code */
  code: text("Enter the 6-digit code from your authenticator app.").trim().max(32, "Use at most 32 characters.").optional(),
});
export type WithdrawBody = z.input<typeof withdrawSchema>;

/** R10.3 a schedule and its threshold (default $100). */
export const payoutScheduleSchema = z.object({
  frequency: z.enum(PAYOUT_FREQUENCIES, { error: chooseOne("a payout schedule", PAYOUT_FREQUENCIES, FREQUENCY_LABEL) }),
  thresholdCents: cents("The threshold", 0).optional(),
});
export type PayoutScheduleBody = z.input<typeof payoutScheduleSchema>;

/** Field errors by path, worded as the server's 422 (lib/errors fieldsFromZod): the first message per field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.length ? issue.path.join(".") : "body"] ??= issue.message;
  return fields;
}

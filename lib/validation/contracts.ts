import { z } from "zod";
import { text } from "./text";

const cents = (field: string) =>
  z.number({ error: `${field} must be a number of cents.` }).int(`${field} must be whole cents.`).min(0, `${field} cannot be negative.`).max(100_000_000, `${field} is too large.`);

/** null = no limit; 0 = no hourly billing (R4.1); whole hours (billing Choice). */
export const weeklyLimitHours = z
  .number({ error: "Enter the weekly limit in hours, or choose no limit." })
  .int("Use whole hours.")
  .min(0, "The limit cannot be negative.")
  .max(168, "A week has 168 hours.")
  .nullable();

const MANUAL_TIME = "Choose whether manual time is allowed.";
const manualTimeAllowed = z.boolean({ error: MANUAL_TIME }).default(false);

export const createContractSchema = z.object({
  title: text("Give the contract a title.").trim().min(3, "Give the contract a title of at least 3 characters.").max(120, "Use at most 120 characters."),
  freelancerEmail: text("Enter the freelancer's email address.").trim().toLowerCase().email("Enter the freelancer's email address."),
  /** admins create on behalf of a client */
  clientEmail: text("Enter the client's email address.").trim().toLowerCase().email("Enter the client's email address.").optional(),
  hourlyRateCents: cents("The hourly rate"),
  weeklyLimitHours,
  manualTimeAllowed,
  // Advanced Options
  weeklyPaymentCents: cents("The weekly payment").default(0),
  startsAt: z.iso.date("Enter the start date as YYYY-MM-DD.").optional(),
});
export type CreateContractInput = z.infer<typeof createContractSchema>;

// R9.2
const NEEDS_REHIRE = "This term is fixed for the life of the contract: end it and hire again with new terms.";

export const changeTermsSchema = z
  .object({
    weeklyLimitHours: weeklyLimitHours.optional(),
    manualTimeAllowed: z.boolean({ error: MANUAL_TIME }).optional(),
    hourlyRateCents: z.undefined({ error: NEEDS_REHIRE }).optional(),
    weeklyPaymentCents: z.undefined({ error: NEEDS_REHIRE }).optional(),
  })
  .refine((v) => v.weeklyLimitHours !== undefined || v.manualTimeAllowed !== undefined, "Nothing to change.");

export const rehireSchema = z.object({
  title: createContractSchema.shape.title,
  hourlyRateCents: createContractSchema.shape.hourlyRateCents,
  weeklyLimitHours,
  manualTimeAllowed,
  weeklyPaymentCents: cents("The weekly payment").default(0),
});
export type RehireInput = z.infer<typeof rehireSchema>;

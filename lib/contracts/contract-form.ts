// The new-contract form's text fields checked in the browser with the same zod schema the
// API uses (lib/validation/contracts.ts), so every field says what to fix before any request.
// No "server-only": the form imports it.
import { createContractSchema, type CreateContractInput } from "@/lib/validation/contracts";
import { parseDollars } from "@/lib/format/money";

export interface ContractFormValues {
  title: string;
  clientEmail: string;
  freelancerEmail: string;
  rate: string;
  limit: string;
  noLimit: boolean;
  manual: boolean;
  weekly: string;
  startsAt: string;
}

/** Which error key (the schema's field name) each form value feeds. */
export const FORM_FIELD: Record<keyof ContractFormValues, keyof CreateContractInput> = {
  title: "title",
  clientEmail: "clientEmail",
  freelancerEmail: "freelancerEmail",
  rate: "hourlyRateCents",
  limit: "weeklyLimitHours",
  noLimit: "weeklyLimitHours",
  manual: "manualTimeAllowed",
  weekly: "weeklyPaymentCents",
  startsAt: "startsAt",
};

export type ContractFormResult = { ok: true; input: CreateContractInput } | { ok: false; errors: Partial<Record<keyof CreateContractInput, string>> };

/**
 * Text that is not a number at all gets a message about what to type; everything else is the
 * schema's own message. The start date's window (not past, within a year) is the server's: it
 * depends on the server's clock (R1.4), not the browser's.
 */
export function checkContractForm(values: ContractFormValues, asAdmin: boolean): ContractFormResult {
  const errors: Partial<Record<keyof CreateContractInput, string>> = {};
  const rate = parseDollars(values.rate);
  if (Number.isNaN(rate)) errors.hourlyRateCents = "Enter the hourly rate in dollars, like 45 or 22.50.";
  const weekly = values.weekly.trim() === "" ? 0 : parseDollars(values.weekly);
  if (Number.isNaN(weekly)) errors.weeklyPaymentCents = "Enter the weekly payment in dollars, like 500, or leave it empty.";
  const limitText = values.limit.trim();
  const limit = values.noLimit ? null : limitText === "" || !/^-?\d+(\.\d+)?$/.test(limitText) ? Number.NaN : Number(limitText);
  if (Number.isNaN(limit)) errors.weeklyLimitHours = "Enter whole hours, or tick “No limit”.";

  const parsed = createContractSchema.safeParse({
    title: values.title,
    freelancerEmail: values.freelancerEmail,
    ...(asAdmin ? { clientEmail: values.clientEmail } : {}),
    hourlyRateCents: rate,
    weeklyLimitHours: limit,
    manualTimeAllowed: values.manual,
    weeklyPaymentCents: weekly,
    ...(values.startsAt ? { startsAt: values.startsAt } : {}),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as keyof CreateContractInput;
      errors[key] ??= issue.message;
    }
  }
  return Object.keys(errors).length === 0 && parsed.success ? { ok: true, input: parsed.data } : { ok: false, errors };
}

// R14.3 the charges API's input: the list's cursor, and "pay now" with the second factor when it is on (R16.3).
import { z } from "zod";

export const listChargesQuery = z.object({ cursor: z.uuid("Unknown charge.").optional() });

export const payChargeSchema = z.object({
  code: z.string({ error: "Enter the code from your authenticator app." }).max(64, "Enter the code from your authenticator app.").optional(),
});

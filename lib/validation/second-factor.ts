import { z } from "zod";
import { text } from "./text";

/** R16.3 a 6-digit code from the authenticator app, or a recovery code ("abcde-12345"). */
const code = text("Enter the 6-digit code from your authenticator app.").trim().max(32, "Use at most 32 characters.");

export const secondFactorCodeSchema = z.object({ code: code.min(1, "Enter the 6-digit code from your authenticator app.") });

/** Optional here: without it, the answer is 401 second_factor_required when two-step verification is on. */
export const optionalSecondFactorCodeSchema = z.object({ code: code.optional() });

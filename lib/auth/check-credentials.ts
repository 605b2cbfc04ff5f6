import "server-only";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { RULES } from "@/lib/config/rules";
import { limitedAttempt } from "@/lib/rate-limit/attempts";
import { dummyPasswordHash } from "./password";
import { checkPassword } from "./password-checks";

export interface CheckCredentialsInput {
  email: string;
  password: string;
  ip: string;
  now: Date;
}

// One message for every failure, so a response never says whether the email
// or the password was wrong.
export const INVALID_CREDENTIALS_MESSAGE = "Email or password is incorrect.";

/**
 * Checks a sign-in attempt: past RULES.auth.maxFailedSignInsPerMinute failures in a sliding minute (per
 * account or address) it answers 429 unchecked. Attempts are counted atomically before the check, refunded on success.
 */
export async function checkCredentials(input: CheckCredentialsInput): Promise<{ userId: string }> {
  const email = input.email.trim().toLowerCase();
  const max = RULES.auth.maxFailedSignInsPerMinute;
  const limits = [`signin:email:${email}`, `signin:ip:${input.ip}`].map((key) => ({ key, limit: max, windowMs: 60_000 }));
  let userId: string | undefined;
  const ok = await limitedAttempt(limits, input.now, (s) => `Too many failed sign-ins. Try again in ${s} seconds.`, async () => {
    const user = await db().user.findUnique({ where: { email }, select: { id: true, passwordHash: true, suspendedAt: true } });
    const passwordOk = await checkPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
    userId = user?.id;
    return Boolean(user && passwordOk && !user.suspendedAt);
  });
  if (!ok || !userId) throw new ApiError("invalid_credentials", INVALID_CREDENTIALS_MESSAGE);
  return { userId };
}

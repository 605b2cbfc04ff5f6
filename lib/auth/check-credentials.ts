import "server-only";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/api/errors";
import { RULES } from "@/lib/config/rules";
import { hitSliding, peekSliding } from "@/lib/rate-limit/sliding-window";
import { dummyPasswordHash, verifyPassword } from "./password";

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
 * Checks a sign-in attempt. More than RULES.auth.maxFailedSignInsPerMinute
 * failures in the last 60 seconds (a sliding window) for the account or for
 * the address answer 429 before the password is even looked at.
 */
export async function checkCredentials(input: CheckCredentialsInput): Promise<{ userId: string }> {
  const email = input.email.trim().toLowerCase();
  const keys = [`signin:email:${email}`, `signin:ip:${input.ip}`];
  const max = RULES.auth.maxFailedSignInsPerMinute;
  const states = await Promise.all(keys.map((k) => peekSliding(k, input.now, max)));
  const limited = states.find((s) => s.count >= max);
  if (limited) {
    throw new ApiError("rate_limited", `Too many failed sign-ins. Try again in ${limited.retryAfterSeconds} seconds.`, {
      retryAfterSeconds: limited.retryAfterSeconds,
    });
  }

  const user = await db().user.findUnique({ where: { email }, select: { id: true, passwordHash: true, suspendedAt: true } });
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.suspendedAt) {
    await Promise.all(keys.map((k) => hitSliding(k, input.now)));
    throw new ApiError("invalid_credentials", INVALID_CREDENTIALS_MESSAGE);
  }
  return { userId: user.id };
}

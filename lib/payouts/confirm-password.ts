import "server-only";
// Withdraw now asks for the password again (issue #7): whoever holds an open session
// (a borrowed laptop, a stolen cookie) cannot move money with it alone.
// Choice: wrong passwords here count per account in their own sliding window, apart from
// sign-ins (LIMITS.withdrawalPasswordFailures per 15 minutes, then 429 until they age out);
// the limit is checked before the password, so a locked account learns nothing from guesses.
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/api/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { LIMITS } from "@/lib/config/limits";
import { hitSliding, peekSliding } from "@/lib/rate-limit/sliding-window";

export const WRONG_PASSWORD_MESSAGE = "That is not your password.";

/** Throws 429 when too many wrong passwords were given lately, 422 naming `password` when this one is wrong. */
export async function confirmPassword(user: CurrentUser, password: string, now: Date): Promise<void> {
  const key = `withdraw-password:user:${user.id}`;
  const state = await peekSliding(key, now, LIMITS.withdrawalPasswordFailures, LIMITS.withdrawalPasswordWindowMs);
  if (state.count >= LIMITS.withdrawalPasswordFailures) {
    throw new ApiError("rate_limited", `Too many wrong passwords. Try again in ${Math.ceil(state.retryAfterSeconds / 60)} minute(s).`, {
      retryAfterSeconds: state.retryAfterSeconds,
    });
  }
  const row = await db().user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyPasswordHash()));
  if (!row || !ok) {
    await hitSliding(key, now);
    throw new ApiError("validation_failed", WRONG_PASSWORD_MESSAGE, { fields: { password: WRONG_PASSWORD_MESSAGE } });
  }
}

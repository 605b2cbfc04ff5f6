import "server-only";
// Withdraw now asks for the password again (issue #7): whoever holds an open session
// (a borrowed laptop, a stolen cookie) cannot move money with it alone.
// Choice: wrong passwords here count per account in their own sliding window, apart from
// sign-ins (LIMITS.withdrawalPasswordFailures per 15 minutes, then 429 until they age out);
// the limit is checked before the password, so a locked account learns nothing from guesses.
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { dummyPasswordHash } from "@/lib/auth/password";
import { checkPassword } from "@/lib/auth/password-checks";
import { LIMITS } from "@/lib/config/limits";
import { limitedAttempt } from "@/lib/rate-limit/attempts";

export const WRONG_PASSWORD_MESSAGE = "That is not your password.";

/** Throws 429 when too many wrong passwords were given lately, 422 naming `password` when this one is wrong. */
export async function confirmPassword(user: CurrentUser, password: string, now: Date): Promise<void> {
  const key = `withdraw-password:user:${user.id}`;
  // Counted before the check, atomically, so parallel guesses cannot exceed the limit.
  const limit = { key, limit: LIMITS.withdrawalPasswordFailures, windowMs: LIMITS.withdrawalPasswordWindowMs };
  const ok = await limitedAttempt([limit], now, (s) => `Too many wrong passwords. Try again in ${Math.ceil(s / 60)} minute(s).`, async () => {
    const row = await db().user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
    return (await checkPassword(password, row?.passwordHash ?? (await dummyPasswordHash()))) && row !== null;
  });
  if (!ok) {
    throw new ApiError("validation_failed", WRONG_PASSWORD_MESSAGE, { fields: { password: WRONG_PASSWORD_MESSAGE } });
  }
}

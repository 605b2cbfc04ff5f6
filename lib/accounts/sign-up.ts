import "server-only";
// R16.1 clients sign up with email and password and confirm the email before they hire.
// R16.2 the answer never says whether the address has an account: the same "check your email" either way.
import { db } from "@/lib/db/client";
import { ApiError, invalid } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { checkPasswordStrength } from "@/lib/auth/password-policy";
import { issueLinkToken } from "@/lib/auth/link-tokens";
import { admitAttempt } from "@/lib/rate-limit/attempts";
import type { SignUpInput } from "@/lib/validation/accounts";
import { sendAlreadyRegisteredEmail, sendConfirmationEmail } from "./emails";
import { ACCOUNT_LINKS, SIGN_UP_LIMITS } from "./limits";

/** Counts one sign-up (or resend) against the address and the client's IP; 429 with Retry-After past either limit. */
export async function limitAccountMail(email: string, ip: string, at: Date): Promise<void> {
  const checks = await Promise.all([
    admitAttempt({ key: `signup:email:${email}`, ...SIGN_UP_LIMITS.perEmail }, at),
    admitAttempt({ key: `signup:ip:${ip}`, ...SIGN_UP_LIMITS.perIp }, at),
  ]);
  const refused = checks.filter((c) => !c.admitted);
  if (refused.length === 0) return;
  const retryAfterSeconds = Math.max(...refused.map((c) => c.retryAfterSeconds));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  throw new ApiError("rate_limited", `Too many sign-ups from here. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, { retryAfterSeconds });
}

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === "P2002";

/**
 * A new client account, unconfirmed, with its confirmation mail; or, when the address has an account, a
 * "you already have an account" mail to it. The caller answers the same in both cases.
 */
export async function signUp(input: SignUpInput, ip: string, at: Date): Promise<void> {
  const weak = checkPasswordStrength(input.password, { email: input.email, name: input.name });
  if (weak) throw invalid("password", weak);
  await limitAccountMail(input.email, ip, at);
  // hashed before the address is looked up, so both answers take the same time
  const passwordHash = await hashPassword(input.password);
  let created = false;
  try {
    created = await db().$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) return false;
      const user = await tx.user.create({ data: { email: input.email, name: input.name, role: "CLIENT", passwordHash, createdAt: at } });
      const token = await issueLinkToken(tx, { purpose: "confirm_email", userId: user.id, email: user.email, ttlMs: ACCOUNT_LINKS.confirmEmailTtlMs });
      await sendConfirmationEmail(tx, user, token);
      return true;
    });
  } catch (error) {
    // the same address signed up twice at once: the second is an existing address
    if (!isUniqueViolation(error)) throw error;
  }
  if (created) return;
  await db().$transaction(async (tx) => {
    const existing = await tx.user.findUniqueOrThrow({ where: { email: input.email }, select: { id: true, email: true } });
    await sendAlreadyRegisteredEmail(tx, existing);
  });
}

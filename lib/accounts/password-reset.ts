import "server-only";
// R16.2 a forgotten password: a link by email, single use, 30 minutes. The request answers the same whether
// or not the email has an account; using the link sets a new password and ends every session signed in before.
import { db } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { ApiError, invalid } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { checkPasswordStrength } from "@/lib/auth/password-policy";
import { consumeLinkToken, issueLinkToken, peekLinkToken } from "@/lib/auth/link-tokens";
import { admitRequest } from "@/lib/rate-limit/attempts";
import { linkTo, sendAccountEmail } from "./account-mail";

export const RESET_LINK_TTL_MS = 30 * 60_000; // R16.2

// Choice: per address 10 requests an hour (a shared office still gets through), per email 3 an hour (enough for a
// mail that went to spam, too few to flood someone's inbox). Every request counts, whether or not the email has an account.
export const RESET_REQUEST_LIMITS = {
  perAddress: { limit: 10, windowMs: 60 * 60_000 },
  perEmail: { limit: 3, windowMs: 60 * 60_000 },
} as const;

export const RESET_REQUESTED_MESSAGE =
  "If an account uses that email, we sent it a link to choose a new password. The link works once, for 30 minutes.";

/** R16.2 emails a reset link when the email has an account; the same answer either way. */
export async function requestPasswordReset(input: { email: string; ip: string; now: Date }): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const limits = [{ key: `reset:ip:${input.ip}`, ...RESET_REQUEST_LIMITS.perAddress }, { key: `reset:email:${email}`, ...RESET_REQUEST_LIMITS.perEmail }];
  await admitRequest(limits, input.now, (s) => `Too many reset requests. Try again in ${Math.ceil(s / 60)} minute(s).`);
  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true, name: true, suspendedAt: true } });
  // Choice: a suspended account gets no link (it could not sign in with the new password anyway); the answer is the same.
  if (!user || user.suspendedAt) return;
  await db().$transaction(async (tx) => {
    const token = await issueLinkToken(tx, { purpose: "password_reset", userId: user.id, email: user.email, ttlMs: RESET_LINK_TTL_MS });
    await sendAccountEmail(tx, { email: user.email, userId: user.id }, "Choose a new password", {
      heading: "Choose a new password",
      paragraphs: [
        `Hi ${user.name}, someone (we hope you) asked to reset the password of your account.`,
        "The link below works once, for 30 minutes. Using it signs out every session of your account.",
        "If you did not ask, ignore this email: your password stays as it is.",
      ],
      action: { label: "Choose a new password", url: linkTo("/reset-password", token) },
    });
  });
}

/** What the reset page shows before the form: the link's account email, or 404/410 as consumeLinkToken would answer. */
export async function checkResetLink(token: string): Promise<{ email: string }> {
  const link = await db().$transaction((tx) => peekLinkToken(tx, "password_reset", token));
  return { email: link.email };
}

/** R16.2 uses the link once: sets the new password, ends every older session, tells the account's email. */
export async function resetPassword(input: { token: string; password: string }): Promise<void> {
  const link = await db().$transaction((tx) => peekLinkToken(tx, "password_reset", input.token));
  const user = await db().user.findUnique({ where: { id: link.userId ?? "" }, select: { id: true, email: true, name: true } });
  if (!user) throw new ApiError("not_found", "This link is not valid. Check that you opened the whole link from the email.");
  const weak = checkPasswordStrength(input.password, user);
  if (weak) throw invalid("password", weak); // the link stays usable for a better password
  const passwordHash = await hashPassword(input.password); // slow: outside the transaction that holds the link's lock
  await db().$transaction(async (tx) => {
    await consumeLinkToken(tx, "password_reset", input.token); // a second use (even a concurrent one) is refused here
    // Choice: opening a link sent to the address proves it, so a reset also confirms an unconfirmed email (R16.1).
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await tx.user.updateMany({ where: { id: user.id, emailConfirmedAt: null }, data: { emailConfirmedAt: now() } });
    // Choice: the other reset links of the account die with this one: an older email must not reset the new password.
    await tx.linkToken.updateMany({ where: { userId: user.id, purpose: "password_reset", usedAt: null }, data: { usedAt: now() } });
    await sendAccountEmail(tx, { email: user.email, userId: user.id }, "Your password was changed", {
      heading: "Your password was changed",
      paragraphs: [
        `Hi ${user.name}, the password of your account was just reset from an emailed link, and every session was signed out.`,
        "If this was not you, reset your password again at once and tell your portal's administrator.",
      ],
      action: { label: "Sign in", url: linkTo("/sign-in") },
    });
  });
}

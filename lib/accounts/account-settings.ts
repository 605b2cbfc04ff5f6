import "server-only";
// Settings › Account (issue 16): change the password (asks for the current one), change the email (applies only
// once the new address confirms it, the old address is told), sign out of every other session. Each change that
// ends sessions bumps the user's session version (lib/auth/end-sessions.ts); the route then signs the browser that
// asked back in, so only the others end.
import { db } from "@/lib/db/client";
import { ApiError, invalid } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { dummyPasswordHash, hashPassword, verifyPassword } from "@/lib/auth/password";
import { checkPassword } from "@/lib/auth/password-checks";
import { checkPasswordStrength } from "@/lib/auth/password-policy";
import { consumeLinkToken, issueLinkToken } from "@/lib/auth/link-tokens";
import { limitedAttempt } from "@/lib/rate-limit/attempts";
import type { EmailChangeInput, PasswordChangeInput } from "@/lib/validation/account";
import { linkTo, sendAccountEmail } from "./account-mail";

// Choice: 5 wrong current passwords per account in 15 minutes, then 429, as the withdrawal's password confirmation.
export const CURRENT_PASSWORD_LIMIT = { limit: 5, windowMs: 15 * 60_000 } as const;
// Choice: an email-change link works for 24 hours (a new address's inbox may take a while), once.
export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60_000;

export const WRONG_CURRENT_PASSWORD = "That is not your current password.";

/** 422 naming `currentPassword` when it is wrong; 429 with Retry-After after too many wrong ones. Returns the stored hash. */
async function confirmCurrentPassword(user: CurrentUser, password: string, now: Date): Promise<string> {
  let stored = "";
  const limit = { key: `account-password:user:${user.id}`, ...CURRENT_PASSWORD_LIMIT };
  const ok = await limitedAttempt([limit], now, (s) => `Too many wrong passwords. Try again in ${Math.ceil(s / 60)} minute(s).`, async () => {
    const row = await db().user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
    stored = row?.passwordHash ?? "";
    return (await checkPassword(password, row?.passwordHash ?? (await dummyPasswordHash()))) && row !== null;
  });
  if (!ok) throw invalid("currentPassword", WRONG_CURRENT_PASSWORD);
  return stored;
}

/** Sets a new password; every session of the account ends (the caller signs its own browser back in). */
export async function changePassword(user: CurrentUser, input: PasswordChangeInput, now: Date): Promise<void> {
  const weak = checkPasswordStrength(input.newPassword, user);
  if (weak) throw invalid("newPassword", weak);
  const stored = await confirmCurrentPassword(user, input.currentPassword, now);
  if (await verifyPassword(input.newPassword, stored)) throw invalid("newPassword", "Choose a password different from your current one.");
  const passwordHash = await hashPassword(input.newPassword);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await sendAccountEmail(tx, { email: user.email, userId: user.id }, "Your password was changed", {
      heading: "Your password was changed",
      paragraphs: [
        `Hi ${user.name}, the password of your account was just changed in Settings › Account, and your other sessions were signed out.`,
        "If this was not you, reset your password at once and tell your portal's administrator.",
      ],
      action: { label: "Reset your password", url: linkTo("/forgot-password") },
    });
  });
}

/**
 * Sends a confirmation link to the new address; the email changes only when it is used. Choice: the answer is
 * the same when the new address already has an account (R16.2: no answer says which emails have one); that
 * address gets a note instead of a link.
 */
export async function requestEmailChange(user: CurrentUser, input: EmailChangeInput, now: Date): Promise<{ newEmail: string }> {
  const newEmail = input.newEmail.trim().toLowerCase();
  if (newEmail === user.email) throw invalid("newEmail", "That is already your email address.");
  await confirmCurrentPassword(user, input.currentPassword, now);
  const taken = await db().user.findUnique({ where: { email: newEmail }, select: { id: true } });
  await db().$transaction(async (tx) => {
    if (taken) {
      await sendAccountEmail(tx, { email: newEmail, userId: null }, "This address already has an account", {
        heading: "This address already has an account",
        paragraphs: ["Someone asked to move another account to this email address, but it already belongs to an account, so nothing changed.", "If you have forgotten that account's password, you can reset it."],
        action: { label: "Reset your password", url: linkTo("/forgot-password") },
      });
      return;
    }
    const token = await issueLinkToken(tx, { purpose: "email_change", userId: user.id, email: newEmail, ttlMs: EMAIL_CHANGE_TTL_MS, data: { oldEmail: user.email } });
    await sendAccountEmail(tx, { email: newEmail, userId: user.id }, "Confirm your new email address", {
      heading: "Confirm your new email address",
      paragraphs: [
        `Hi ${user.name}, confirm that you want to sign in with ${newEmail} from now on.`,
        "Until you confirm, your account keeps its current address. The link works once, for 24 hours.",
        "If you did not ask for this, ignore this email.",
      ],
      action: { label: "Confirm new email", url: linkTo("/settings/account/confirm-email", token) },
    });
  });
  return { newEmail };
}

/** Uses an email-change link of the signed-in user: the new address becomes the account's, the old one is told. */
export async function confirmEmailChange(user: CurrentUser, token: string, now: Date): Promise<{ email: string }> {
  return db().$transaction(async (tx) => {
    const link = await consumeLinkToken(tx, "email_change", token);
    // Another account's link is unknown to this one, as if it did not exist (the consumption rolls back).
    if (link.userId !== user.id) throw new ApiError("not_found", "This link is not valid for the account you are signed in to. Sign in to the account that asked for the change.");
    const taken = await tx.user.findUnique({ where: { email: link.email }, select: { id: true } });
    if (taken) throw new ApiError("conflict", "That address now belongs to another account, so your email stays as it is.");
    const before = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true } });
    await tx.user.update({ where: { id: user.id }, data: { email: link.email, emailConfirmedAt: now } });
    // Choice: the other pending changes end: only the address confirmed last may win.
    await tx.linkToken.updateMany({ where: { userId: user.id, purpose: "email_change", usedAt: null }, data: { usedAt: now } });
    await sendAccountEmail(tx, { email: before.email, userId: user.id }, "Your email address was changed", {
      heading: "Your email address was changed",
      paragraphs: [
        `Hi ${user.name}, your account now signs in with ${link.email}. This address will no longer receive its emails.`,
        "If this was not you, contact your portal's administrator at once.",
      ],
    });
    return { email: link.email };
  });
}

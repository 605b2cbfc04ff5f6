import "server-only";
// R16.1 the confirmation link of a sign-up, and sending a new one.
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import { consumeLinkToken, issueLinkToken } from "@/lib/auth/link-tokens";
import type { CurrentUser } from "@/lib/auth/current-user";
import { sendConfirmationEmail } from "./emails";
import { ACCOUNT_LINKS } from "./limits";
import { limitAccountMail } from "./sign-up";

/** Uses a confirmation link: the user's email is confirmed (410 when used or expired, 404 unknown). */
export async function confirmEmail(token: string, at: Date): Promise<{ email: string }> {
  return db().$transaction(async (tx) => {
    const link = await consumeLinkToken(tx, "confirm_email", token);
    const user = link.userId ? await tx.user.findUnique({ where: { id: link.userId }, select: { email: true, emailConfirmedAt: true } }) : null;
    // Choice: a link sent to an address the account no longer has confirms nothing.
    if (!user || user.email !== link.email) throw new ApiError("expired", "This link is for an email address the account no longer uses.");
    if (!user.emailConfirmedAt) await tx.user.update({ where: { id: link.userId! }, data: { emailConfirmedAt: at } });
    return { email: user.email };
  });
}

export async function isEmailConfirmed(userId: string): Promise<boolean> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { emailConfirmedAt: true } });
  return Boolean(user?.emailConfirmedAt);
}

/** A new confirmation link for the signed-in user (rate limited as sign-ups are); nothing when already confirmed. */
export async function resendConfirmation(user: CurrentUser, ip: string, at: Date): Promise<{ sent: boolean }> {
  if (await isEmailConfirmed(user.id)) return { sent: false };
  await limitAccountMail(user.email, ip, at);
  await db().$transaction(async (tx) => {
    const token = await issueLinkToken(tx, { purpose: "confirm_email", userId: user.id, email: user.email, ttlMs: ACCOUNT_LINKS.confirmEmailTtlMs });
    await sendConfirmationEmail(tx, user, token);
  });
  return { sent: true };
}

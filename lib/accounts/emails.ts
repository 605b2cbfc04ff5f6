import "server-only";
// The account emails of joining (R16.1): kind "account", never unsubscribable. Queued in the caller's transaction.
import { portalOrigin } from "@/lib/config/origin";
import { APP_NAME } from "@/lib/config/brand";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ACCOUNT_EMAIL_KIND, enqueueEmail } from "@/lib/mail/outbox";
import { renderEmail, type EmailContent } from "@/lib/mail/render";

type Tx = Prisma.TransactionClient;

const link = (path: string) => `${portalOrigin()}${path}`;
const FOOTER = `You get this email because someone entered this address at ${APP_NAME}. If it was not you, ignore it: nothing happens without the link.`;

async function send(tx: Tx, to: string, userId: string | null, subject: string, content: EmailContent): Promise<void> {
  await enqueueEmail(tx, { to, userId, kind: ACCOUNT_EMAIL_KIND, subject, ...renderEmail({ footer: FOOTER, ...content }) });
}

export function sendConfirmationEmail(tx: Tx, user: { id: string; email: string; name: string }, token: string): Promise<void> {
  return send(tx, user.email, user.id, `Confirm your email for ${APP_NAME}`, {
    heading: `Welcome to ${APP_NAME}, ${user.name}`,
    paragraphs: ["Confirm your email address to start hiring. The link works once, for 24 hours."],
    action: { label: "Confirm your email", url: link(`/confirm-email?token=${encodeURIComponent(token)}`) },
  });
}

/** R16.2 a sign-up with an address that has an account: the same answer on screen, and this mail to the address's owner. */
export function sendAlreadyRegisteredEmail(tx: Tx, user: { id: string; email: string }): Promise<void> {
  return send(tx, user.email, user.id, `You already have a ${APP_NAME} account`, {
    heading: "You already have an account",
    paragraphs: [
      `Someone tried to sign up to ${APP_NAME} with this address, which already has an account. No new account was made.`,
      "If it was you, sign in. If you forgot your password, choose \"Forgot your password?\" on the sign-in page.",
    ],
    action: { label: "Sign in", url: link("/sign-in") },
  });
}

export function sendInvitationEmail(tx: Tx, invite: { email: string; userId: string; inviterName: string; offerTitle?: string }, token: string): Promise<void> {
  const what = invite.offerTitle ? `an hourly contract offer, "${invite.offerTitle}"` : `an account`;
  return send(tx, invite.email, invite.userId, invite.offerTitle ? `${invite.inviterName} sent you an offer on ${APP_NAME}` : `You are invited to ${APP_NAME}`, {
    heading: invite.offerTitle ? `${invite.inviterName} sent you an offer` : `You are invited to ${APP_NAME}`,
    paragraphs: [
      `${invite.inviterName} invited you to ${APP_NAME} with ${what}.`,
      `Choose a password to join${invite.offerTitle ? "; then you see the offer and can accept it" : ""}. The link works once, for 7 days.`,
    ],
    action: { label: invite.offerTitle ? "Join and see the offer" : "Join", url: link(`/invitations/${encodeURIComponent(token)}`) },
  });
}

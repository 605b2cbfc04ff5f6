import "server-only";
// The account emails of issue 16's "keeping an account" (kind "account": never unsubscribable), written in the
// caller's transaction through the outbox, so an email goes out only if the change it announces commits.
import { enqueueEmail, ACCOUNT_EMAIL_KIND } from "@/lib/mail/outbox";
import { renderEmail, type EmailContent } from "@/lib/mail/render";
import { portalOrigin } from "@/lib/config/origin";
import type { Prisma } from "@/lib/generated/prisma/client";

/** An absolute link into the portal for an email, with the raw token in its query. */
export const linkTo = (path: string, token?: string) => `${portalOrigin()}${path}${token ? `?token=${encodeURIComponent(token)}` : ""}`;

export async function sendAccountEmail(tx: Prisma.TransactionClient, to: { email: string; userId: string | null }, subject: string, content: EmailContent): Promise<void> {
  await enqueueEmail(tx, { to: to.email, userId: to.userId, kind: ACCOUNT_EMAIL_KIND, subject, ...renderEmail(content) });
}

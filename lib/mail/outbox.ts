// No "server-only" marker: the demo seed queues emails (lib/seed/demo-notifications.ts) in plain Node.
// R16.4 an email is written in the transaction that caused it (the transactional
// outbox): if that transaction rolls back, no email is queued; once it commits,
// the worker's email-outbox job sends it (lib/mail/send-outbox.ts).
import { now } from "@/lib/clock";
import { currentRequestId } from "@/lib/observability/request-context";
import type { Prisma } from "@/lib/generated/prisma/client";

export interface OutgoingEmail {
  to: string;
  userId?: string | null;
  /** "account" (sign-up, invitations, resets, email change, setup links: never unsubscribable) or a notification kind (R16.4) */
  kind: string;
  subject: string;
  text: string;
  html: string;
  /** the same key queues one email however often the caller runs (e.g. `messages_unread:<user>:<window>`) */
  dedupeKey?: string;
}

export const ACCOUNT_EMAIL_KIND = "account";

export async function enqueueEmail(tx: Prisma.TransactionClient, mail: OutgoingEmail): Promise<void> {
  await enqueueEmails(tx, [mail]);
}

/** enqueueEmail for several emails in one statement (e.g. the weekly charges' failure notices). */
export async function enqueueEmails(tx: Prisma.TransactionClient, mails: readonly OutgoingEmail[]): Promise<void> {
  if (mails.length === 0) return;
  const at = now();
  const requestId = currentRequestId() ?? null; // the request that caused them, named again when the worker sends
  await tx.emailOutbox.createMany({
    data: mails.map((mail) => ({ toAddress: mail.to, userId: mail.userId ?? null, kind: mail.kind, subject: mail.subject, textBody: mail.text, htmlBody: mail.html, dedupeKey: mail.dedupeKey ?? null, nextAttemptAt: at, createdAt: at, requestId })),
    skipDuplicates: true,
  });
}

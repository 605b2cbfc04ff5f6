import "server-only";
// R16.4 the worker's email-outbox job: sends what enqueueEmail queued, one row at a time.
//
// Choice (exactly once): SMTP cannot be made exactly-once by the sender alone. A row is claimed
// (one UPDATE over a FOR UPDATE SKIP LOCKED pick, so two workers never take the same row), leased
// for LEASE_MS, sent, and marked sent right after the relay's 250. The one window left is a worker
// that dies between the relay's 250 and that mark: the lease runs out and another worker sends the
// row again. That second copy carries the same Message-ID (<outbox id>@<portal host>), so the
// receiving side can drop it; delivery.int.test.ts shows both the kill before the 250 (delivered
// once) and the kill after it (the same Message-ID twice). A live worker never outlives its lease:
// the SMTP timeouts below end a send well before LEASE_MS.
import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import { mailFrom, smtpUrl } from "@/lib/config/mail";
import { portalOrigin } from "@/lib/config/origin";
import { db } from "@/lib/db/client";
import { log } from "@/lib/observability/log";
import { escapeHtml } from "./render";
import { ACCOUNT_EMAIL_KIND } from "./outbox";
import { unsubscribeOneClickUrl, unsubscribePageUrl, unsubscribeToken } from "./unsubscribe-token";

const LEASE_MS = 2 * 60_000;
/** Choice: 1 min, doubling, 8 attempts (about 4 h in all), then the row is failed and logged; a relay's 5xx is retried too (it is usually the operator's settings). */
const FIRST_RETRY_MS = 60_000;
export const MAX_ATTEMPTS = 8;
/** So the other jobs get their turn, a run sends at most this many. */
const MAX_PER_RUN = 200;
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

interface ClaimedRow {
  id: string;
  to_address: string;
  user_id: string | null;
  kind: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  request_id: string | null;
}

export interface SendRun {
  sent: number;
  retried: number;
  failed: number;
}

/** Sends every due row; `clock` is the job's now moving on (leases and retries are on lib/clock's time). */
export async function sendDueEmails(clock: () => Date, opts: { log?: (line: string) => void } = {}): Promise<SendRun | "no SMTP_URL"> {
  const url = smtpUrl();
  if (!url) return "no SMTP_URL";
  const prisma = db();
  const me = randomUUID();
  const transport = nodemailer.createTransport(url, TIMEOUTS);
  const host = new URL(portalOrigin()).hostname;
  const run: SendRun = { sent: 0, retried: 0, failed: 0 };
  try {
    for (let i = 0; i < MAX_PER_RUN; i++) {
      const at = clock();
      const [row] = await prisma.$queryRaw<ClaimedRow[]>`
        UPDATE email_outbox SET status = 'sending', locked_by = ${me}, locked_until = ${new Date(at.getTime() + LEASE_MS)}, attempts = attempts + 1
        WHERE id = (
          SELECT id FROM email_outbox
          WHERE (status = 'pending' AND next_attempt_at <= ${at}) OR (status = 'sending' AND locked_until <= ${at})
          ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id::text AS id, to_address, user_id::text AS user_id, kind, subject, text_body, html_body, attempts, request_id`;
      if (!row) break;
      try {
        await transport.sendMail({ ...message(row), from: mailFrom(), messageId: `<${row.id}@${host}>` });
        await prisma.$executeRaw`UPDATE email_outbox SET status = 'sent', sent_at = ${clock()}, locked_by = NULL, locked_until = NULL, last_error = NULL WHERE id = ${row.id}::uuid AND status <> 'sent'`;
        run.sent++;
        // the line names the request that queued the email (its requestId field), not the worker's run
        log.info("mail: sent", { outboxId: row.id, kind: row.kind, attempt: row.attempts, ...(row.request_id ? { requestId: row.request_id } : {}) });
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
        const giveUp = row.attempts >= MAX_ATTEMPTS;
        const retryAt = new Date(clock().getTime() + FIRST_RETRY_MS * 2 ** (row.attempts - 1));
        await prisma.$executeRaw`
          UPDATE email_outbox SET status = ${giveUp ? "failed" : "pending"}, next_attempt_at = ${retryAt}, locked_by = NULL, locked_until = NULL, last_error = ${reason}
          WHERE id = ${row.id}::uuid AND locked_by = ${me}`;
        if (giveUp) run.failed++;
        else run.retried++;
        opts.log?.(`[mail] ${row.id} to ${row.to_address} ${giveUp ? `failed for good after ${row.attempts} attempts` : `attempt ${row.attempts} failed, retrying at ${retryAt.toISOString()}`}: ${reason}`);
      }
    }
  } finally {
    transport.close();
  }
  return run;
}

/** The row as a message; a notification (not "account") gets its kind's one-click unsubscribe link and headers. */
function message(row: ClaimedRow) {
  const base = { to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body };
  if (row.kind === ACCOUNT_EMAIL_KIND || !row.user_id) return base;
  const token = unsubscribeToken(row.user_id, row.kind);
  const page = unsubscribePageUrl(token);
  const line = "Stop emails like this one";
  const link = `<p style="font-size:12px;color:#6b7280"><a href="${escapeHtml(page)}">${line}</a></p>`;
  return {
    ...base,
    text: `${row.text_body}\n\n${line}: ${page}`,
    html: row.html_body.includes("</body>") ? row.html_body.replace("</body>", () => `${link}\n</body>`) : `${row.html_body}\n${link}`,
    headers: { "List-Unsubscribe": `<${unsubscribeOneClickUrl(token)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

import "server-only";
// Every scheduled job of the money core. Each is a catch-up job: it does all the
// work due at `now`, idempotently, so a late or repeated run books the same.
import { db } from "@/lib/db/client";
import { weekCloseAt, weekStartOf } from "@/lib/billing";
import { escalateOverdueDisputes } from "@/lib/disputes/resolve-dispute";
import { matureDueEarnings } from "@/lib/ledger/mature-earnings";
import { processPayouts } from "@/lib/payouts/process-payouts";
import { runScheduledPayouts } from "@/lib/payouts/scheduled-payouts";
import { sweepRateLimitWindows } from "@/lib/rate-limit/sweep";
import { sweepDeviceAuthorizations } from "@/lib/tracker-devices/sweep-device-authorizations";
import { sendDueEmails } from "@/lib/mail/send-outbox";
import { closeDueWeeks } from "./close-due-weeks";
import { chargeClosedWeeks, nextChargeAttemptAt, processDueCharges } from "@/lib/client-billing/charges";
import { announceNewInvoices } from "@/lib/notifications/announce-invoices";
import { emailUnreadMessages } from "@/lib/notifications/unread-messages";
import { sealClosedWeeks } from "@/lib/proof/seal-weeks";
import { rotatePortalKey } from "@/lib/proof/portal-keys";
import { sweepCalls } from "@/lib/calls/sweep-calls";
import type { JobDefinition } from "./scheduler";

const MINUTE = 60_000;
const after = (ms: number) => (now: Date) => new Date(now.getTime() + ms);

/** R1.3 the next Monday 12:00 UTC after `now`. */
let toldNoSmtp = false;

export function nextWeeklyClose(now: Date): Date {
  const thisMonday = weekCloseAt(new Date(weekStartOf(now).getTime() - 7 * 86_400_000));
  return now < thisMonday ? thisMonday : weekCloseAt(weekStartOf(now));
}

export const JOBS: readonly JobDefinition[] = [
  {
    name: "weekly-close",
    nextRunAfter: nextWeeklyClose,
    run: async (now) => {
      const results = await closeDueWeeks(now);
      await announceNewInvoices(now); // R16.4 at once; the notifications job catches up after a crash
      // R14.2 each client charged once for the week, at once; the client-charges job catches up after a crash
      await chargeClosedWeeks(now);
      await processDueCharges(now);
      const sealed = await sealClosedWeeks(now); // R15.3 each new invoice's chain head, signed; proof-seals catches up after a crash
      const closed = results.map((r) => `${r.weekStart.slice(0, 10)}: ${r.invoicesCreated} invoice(s)${r.skipped.length ? `, ${r.skipped.length} skipped` : ""}`).join("; ") || "nothing due";
      return sealed ? `${closed}; ${sealed} sealed` : closed;
    },
  },
  {
    // R16.4 the clients of new invoices, and unread messages 15 minutes old (one email per recipient)
    name: "notifications",
    nextRunAfter: after(MINUTE),
    run: async (now) => `${await announceNewInvoices(now)} invoice(s) announced, ${await emailUnreadMessages(now)} unread-messages email(s)`,
  },
  {
    // R14.3 / R14.4 charges due (retries at close + 1 and + 3 days), lost answers reconciled, write-offs at close + 30 days:
    // every minute, and exactly at the next attempt due
    name: "client-charges",
    nextRunAfter: async (now) => {
      const next = await nextChargeAttemptAt(now);
      const minute = after(MINUTE)(now);
      return next && next < minute ? next : minute;
    },
    run: async (now) => {
      const made = await chargeClosedWeeks(now);
      const r = await processDueCharges(now);
      const parts = [made && `${made} charge(s) made`, r.attempted && `${r.attempted} attempted (${r.succeeded} paid, ${r.failed} failed, ${r.pastDue} past due)`, r.reconciled && `${r.reconciled} reconciled`, r.writtenOff && `${r.writtenOff} written off`];
      return parts.filter(Boolean).join(", ");
    },
  },
  {
    name: "earnings-maturity",
    // every minute, and exactly at the next instant an earning matures (R6.3 names instants)
    nextRunAfter: async (now) => {
      const next = await db().ledgerMaturity.findFirst({ where: { dueAt: { gt: now } }, orderBy: { dueAt: "asc" }, select: { dueAt: true } });
      const minute = after(MINUTE)(now);
      return next && next.dueAt < minute ? next.dueAt : minute;
    },
    run: async (now) => `${(await matureDueEarnings(now)).stepsBooked} step(s)`,
  },
  {
    name: "dispute-deadlines",
    // R7.3 every minute, and exactly at the next open dispute's deadline (decline escalates at once, in the service)
    nextRunAfter: async (now) => {
      const next = await db().dispute.findFirst({ where: { status: "OPEN", respondBy: { gt: now } }, orderBy: { respondBy: "asc" }, select: { respondBy: true } });
      const minute = after(MINUTE)(now);
      return next && next.respondBy < minute ? next.respondBy : minute;
    },
    run: async (now) => `${await escalateOverdueDisputes(now)} escalated`,
  },
  {
    name: "payouts",
    nextRunAfter: after(30_000),
    run: async (now) => {
      const r = await processPayouts(now);
      return `${r.submitted} submitted, ${r.paid} paid, ${r.failed} failed`;
    },
  },
  {
    name: "scheduled-payouts",
    nextRunAfter: after(60 * MINUTE),
    run: async (now) => `${(await runScheduledPayouts(now)).paid} paid`,
  },
  {
    // Choice: rate-limit counters (sign-ins, tracker API) are kept an hour, then swept.
    name: "rate-limit-sweep",
    nextRunAfter: after(15 * MINUTE),
    run: async (now) => `${await sweepRateLimitWindows(now)} window(s) removed`,
  },
  {
    // R16.4 the email outbox. Choice: every 5 s, so a confirmation or reset link arrives within seconds.
    name: "email-outbox",
    nextRunAfter: after(5_000),
    // each row has its own lease (lib/mail/send-outbox.ts), so two runs at once are safe: a crashed worker holds mail up 2 minutes, not 15
    leaseMs: 2 * MINUTE,
    run: async (at) => {
      const started = Date.now();
      const r = await sendDueEmails(() => new Date(at.getTime() + Date.now() - started), { log: (line) => console.log(line) });
      if (r === "no SMTP_URL") {
        // Choice: said once per process, not every 5 s
        if (toldNoSmtp) return "";
        toldNoSmtp = true;
        return "SMTP_URL is not set; emails wait in the outbox";
      }
      // Choice: a run every 5 s that sent nothing stays out of the log
      return r.sent + r.retried + r.failed ? `${r.sent} sent, ${r.retried} to retry, ${r.failed} failed` : "";
    },
  },
  {
    // R15.3 invoices the close wrote but did not seal (a crash between the two, or `npm run close-week` without AUTH_SECRET)
    name: "proof-seals",
    nextRunAfter: after(15 * MINUTE),
    run: async (now) => {
      const sealed = await sealClosedWeeks(now);
      return sealed ? `${sealed} invoice(s) sealed` : "";
    },
  },
  {
    // R15.3 a new portal key when the signing one is 90 days old (lib/proof/portal-keys.ts); retired keys stay published
    name: "portal-key-rotation",
    nextRunAfter: after(24 * 60 * MINUTE),
    run: async (now) => {
      const r = await rotatePortalKey(now, { onlyIfDue: true });
      return r.rotated ? `new portal key ${r.keyId}` : "";
    },
  },
  {
    // R17.1 calls whose tabs are all gone or whose ring ran out, ended with their entry (the rest end lazily when touched).
    // Choice: every 10 s, so a call left by closed tabs ends within the 10 s the issue allows; a quiet run logs nothing.
    name: "calls-sweep",
    nextRunAfter: after(10_000),
    leaseMs: MINUTE, // each call is ended under its own row lock, so two runs at once are safe
    run: async (now) => {
      const ended = await sweepCalls(now);
      return ended ? `${ended} call(s) ended` : "";
    },
  },
  {
    name: "device-sign-in-sweep",
    nextRunAfter: after(60 * MINUTE),
    run: async (now) => `${await sweepDeviceAuthorizations(now)} device sign-in(s) removed`,
  },
];

// A worker process that runs only the email outbox (lib/mail/send-outbox.ts) until nothing is left
// to send; lib/mail/delivery.int.test.ts runs two at once and kills one in the middle of a send.
import { now } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { sendDueEmails } from "@/lib/mail/send-outbox";

const deadline = Date.now() + 40_000;
while (Date.now() < deadline) {
  const run = await sendDueEmails(now);
  if (run === "no SMTP_URL") process.exit(2);
  const left = await db().emailOutbox.count({ where: { status: { in: ["pending", "sending"] } } });
  if (left === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await db().$disconnect();

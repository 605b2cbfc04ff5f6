// The email-outbox job against a real SMTP server over TCP (tests/support/smtp.ts).
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { makeUser } from "@/tests/support/factories";
import { startTestSmtp, type ReceivedMail, type SmtpAnswer } from "@/tests/support/smtp";
import { enqueueEmail } from "./outbox";
import { renderEmail } from "./render";
import { MAX_ATTEMPTS, sendDueEmails } from "./send-outbox";
import { readUnsubscribeToken } from "./unsubscribe-token";

const { prisma } = await setupTestDatabase();
let refuse: ((index: number) => SmtpAnswer | undefined) | undefined;
const smtp = await startTestSmtp({ beforeAnswer: (_mail, index) => refuse?.(index) });
process.env.SMTP_URL = smtp.url;
process.env.MAIL_FROM = "Hourglass <billing@portal.example.test>";
process.env.AUTH_URL = "https://portal.example.test";
process.env.AUTH_SECRET = "k3Jx9Qw2Lr8Tz5Vb7Nm1Pd4Hs6Gf0Ya2Ue-mail";
afterAll(() => smtp.close());
beforeEach(async () => {
  refuse = undefined;
  await prisma.emailOutbox.deleteMany();
});

const at = (ms: number) => () => new Date(Date.now() + ms);
const header = (mail: ReceivedMail, key: string) => mail.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:\s*/, "");

async function queue(to: string, kind: string, userId: string | null = null) {
  const body = renderEmail({ heading: `Hello ${to}`, paragraphs: ["Body <b>"], action: { label: "Open", url: "https://portal.example.test/x" } });
  await prisma.$transaction((tx) => enqueueEmail(tx, { to, userId, kind, subject: `${kind} for ${to}`, ...body }));
  return prisma.emailOutbox.findFirstOrThrow({ where: { toAddress: to }, orderBy: { createdAt: "desc" } });
}

describe("sendDueEmails", () => {
  it("sends each queued email once, with a Message-ID made of its row id, and marks it sent", async () => {
    const user = await makeUser(prisma, "FREELANCER");
    const row = await queue(user.email, "account", user.id);
    const before = smtp.messages().length;
    expect(await sendDueEmails(at(0))).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await sendDueEmails(at(0))).toEqual({ sent: 0, retried: 0, failed: 0 });
    const mails = smtp.messages().slice(before);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.messageId).toBe(`<${row.id}@portal.example.test>`);
    expect(mail.envelopeTo).toEqual([user.email]);
    expect(mail.from?.value[0]).toMatchObject({ name: "Hourglass", address: "billing@portal.example.test" });
    expect(mail.subject).toBe(`account for ${user.email}`);
    expect(mail.text).toContain("Open: https://portal.example.test/x");
    expect(mail.html).toContain("Body &lt;b&gt;");
    // account emails are never unsubscribable
    expect(header(mail, "list-unsubscribe")).toBeUndefined();
    expect(mail.text).not.toContain("unsubscribe");
    expect(await prisma.emailOutbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "sent", attempts: 1, lockedBy: null });
  });

  it("gives a notification its kind's one-click unsubscribe link and RFC 8058 headers", async () => {
    const user = await makeUser(prisma, "CLIENT");
    await queue(user.email, "invoice_issued", user.id);
    await sendDueEmails(at(0));
    const mail = await smtp.waitFor((m) => m.subject === `invoice_issued for ${user.email}`);
    expect(header(mail, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const oneClick = header(mail, "list-unsubscribe")!.match(/^<(https:\/\/portal\.example\.test\/api\/unsubscribe\?t=([^>]+))>$/);
    expect(oneClick).not.toBeNull();
    expect(readUnsubscribeToken(decodeURIComponent(oneClick![2]!))).toEqual({ userId: user.id, kind: "invoice_issued" });
    expect(mail.text).toContain(`Stop emails like this one: https://portal.example.test/unsubscribe?t=${oneClick![2]}`);
    expect(mail.html).toContain(`href="https://portal.example.test/unsubscribe?t=${oneClick![2]}"`);
  });

  it("retries after a 451 with a doubling wait, then delivers", async () => {
    const row = await queue("retry@example.test", "account");
    refuse = () => ({ code: 451, message: "try again later" });
    expect(await sendDueEmails(at(0))).toEqual({ sent: 0, retried: 1, failed: 0 });
    let stored = await prisma.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toMatchObject({ status: "pending", attempts: 1 });
    expect(stored.lastError).toContain("451");
    // not due before its minute
    expect(await sendDueEmails(at(30_000))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await sendDueEmails(at(61_000))).toEqual({ sent: 0, retried: 1, failed: 0 });
    stored = await prisma.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    // the second wait is two minutes
    expect(stored.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(61_000 + 110_000);
    refuse = undefined;
    expect(await sendDueEmails(at(61_000 + 121_000))).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.messages().filter((m) => m.messageId === `<${row.id}@portal.example.test>`)).toHaveLength(1);
  });

  it(`gives up after ${MAX_ATTEMPTS} refusals (a 550) and keeps the error`, async () => {
    const row = await queue("refused@example.test", "account");
    refuse = () => ({ code: 550, message: "mailbox unavailable" });
    const lines: string[] = [];
    for (let i = 0; i < MAX_ATTEMPTS; i++) await sendDueEmails(at(2 ** i * 60_000 + 1_000), { log: (l) => lines.push(l) });
    const stored = await prisma.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect(stored.lastError).toContain("550");
    expect(lines.at(-1)).toContain(`failed for good after ${MAX_ATTEMPTS} attempts`);
    expect(await sendDueEmails(at(365 * 86_400_000))).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it("waits in the outbox while SMTP_URL is not set", async () => {
    await queue("later@example.test", "account");
    const url = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      expect(await sendDueEmails(at(0))).toBe("no SMTP_URL");
    } finally {
      process.env.SMTP_URL = url;
    }
    expect(await prisma.emailOutbox.count({ where: { status: "pending" } })).toBe(1);
  });
});

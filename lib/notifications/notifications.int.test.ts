// R16.4 on a real PostgreSQL: each event's notification reaches the right users (and not the others),
// in the event's own transaction (a rolled-back event leaves none), with its email queued in the
// outbox unless the user turned that kind off; and the unread-messages email after 15 minutes.
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeUser } from "../../tests/support/factories";
import { fundAvailable, makeFixedContract, makeFixedSegments, slotsFrom } from "../../tests/support/ledger";
import { setNoticeSink, type Notice } from "../realtime/notify";
import { db } from "../db/client";
import { createContract } from "../contracts/create-contract";
import { applyStatus, changeStatus } from "../contracts/change-status";
import { contractFor } from "../contracts/access";
import { closeWeek } from "../ledger/close-week";
import { matureDueEarnings } from "../ledger/mature-earnings";
import { fileDispute } from "../disputes/file-dispute";
import { escalateOverdueDisputes, resolveDispute, respondToDispute, withdrawDispute } from "../disputes/resolve-dispute";
import { withdraw } from "../payouts/withdraw";
import { processPayouts } from "../payouts/process-payouts";
import { sendMessage } from "../messages/send-message";
import { markConversationRead } from "../messages/mark-read";
import { announceNewInvoices } from "./announce-invoices";
import { emailUnreadMessages } from "./unread-messages";
import { setPreference } from "./preferences";
import type { NotificationKind } from "./kinds";

const { prisma } = await setupTestDatabase();
const notices: Notice[] = [];
beforeAll(() => setNoticeSink((n) => notices.push(n)));
const monday = new Date("2024-06-03T09:00:00Z");
const WEEK = new Date("2024-06-03T00:00:00Z");
const CLOSE = new Date("2024-06-10T12:00:00Z");
const TUESDAY = new Date("2024-06-11T10:00:00Z");

/** What each user was told, as "kind: title" (in-app) and "kind -> address" (emails queued). */
async function told(...users: Array<{ id: string }>) {
  const ids = users.map((u) => u.id);
  const [notes, mails] = await Promise.all([
    prisma.notification.findMany({ where: { userId: { in: ids } }, orderBy: [{ createdAt: "asc" }, { kind: "asc" }] }),
    prisma.emailOutbox.findMany({ where: { userId: { in: ids } }, orderBy: [{ createdAt: "asc" }, { kind: "asc" }] }),
  ]);
  return users.map((u) => ({
    inApp: notes.filter((n) => n.userId === u.id).map((n) => n.kind),
    email: mails.filter((m) => m.userId === u.id).map((m) => m.kind),
  }));
}
const kinds = async (user: { id: string }) => (await prisma.notification.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } })).map((n) => n.kind as NotificationKind);

async function offer() {
  const client = await makeUser(prisma, "CLIENT", { name: "Clara" });
  const freelancer = await makeUser(prisma, "FREELANCER", { name: "Fiona" });
  const { id } = await createContract(client, { title: "Landing page", freelancerEmail: freelancer.email, hourlyRateCents: 5000, weeklyLimitHours: 10, manualTimeAllowed: false, weeklyPaymentCents: 0 }, monday);
  return { client, freelancer, id };
}

describe("contracts: offers and status changes", () => {
  it("an offer reaches the freelancer only, with its link and an email; its answer reaches the client only", async () => {
    const { client, freelancer, id } = await offer();
    expect(await told(client, freelancer)).toEqual([{ inApp: [], email: [] }, { inApp: ["offer_received"], email: ["offer_received"] }]);
    const note = await prisma.notification.findFirstOrThrow({ where: { userId: freelancer.id } });
    expect(note).toMatchObject({ title: "New offer: Landing page", link: `/contracts/${id}`, readAt: null });
    const mail = await prisma.emailOutbox.findFirstOrThrow({ where: { userId: freelancer.id } });
    expect(mail).toMatchObject({ toAddress: freelancer.email, subject: "New offer: Landing page" });
    expect(mail.textBody).toContain(`/contracts/${id}`);
    expect(mail.htmlBody).toContain("Clara sent you an offer, “Landing page”");
    // after the commit, the freelancer's bell is told (live), the client's is not
    expect(notices).toContainEqual({ event: "notification-created", userId: freelancer.id });
    expect(notices.filter((n) => n.userId === client.id)).toEqual([]);

    await changeStatus(freelancer, id, "accept", monday);
    expect(await kinds(client)).toEqual(["offer_answered"]);
    expect(await kinds(freelancer)).toEqual(["offer_received"]);
  });

  it("pause and resume tell the freelancer, not the client who did it; an end by the freelancer tells the client", async () => {
    const { client, freelancer, id } = await offer();
    await changeStatus(freelancer, id, "accept", monday);
    await changeStatus(client, id, "pause", monday);
    await changeStatus(client, id, "resume", monday);
    await changeStatus(freelancer, id, "end", monday);
    expect(await kinds(freelancer)).toEqual(["offer_received", "contract_paused", "contract_resumed"]);
    expect(await kinds(client)).toEqual(["offer_answered", "contract_ended"]);
    const ended = await prisma.notification.findFirstOrThrow({ where: { userId: client.id, kind: "contract_ended" } });
    expect(ended.body).toBe("Fiona ended “Landing page”.");
  });

  it("a status change whose transaction rolls back leaves no notification and no email", async () => {
    const { client, freelancer, id } = await offer();
    await changeStatus(freelancer, id, "accept", monday);
    const before = await told(client, freelancer);
    await expect(
      db().$transaction(async (tx) => {
        const contract = await contractFor(tx, client, id, { forUpdate: true });
        await applyStatus(tx, client, contract, "pause", monday);
        throw new Error("crash after the pause was written");
      }),
    ).rejects.toThrow("crash");
    expect((await prisma.contract.findUniqueOrThrow({ where: { id } })).status).toBe("ACTIVE");
    expect(await told(client, freelancer)).toEqual(before);
  });
});

describe("preferences", () => {
  it("in-app off: the email only; email off: the notification only; the other kinds stay on", async () => {
    const { client, freelancer, id } = await offer();
    await changeStatus(freelancer, id, "accept", monday);
    await setPreference(freelancer.id, "contract_paused", { inApp: false });
    await setPreference(freelancer.id, "contract_resumed", { email: false });
    await changeStatus(client, id, "pause", monday);
    await changeStatus(client, id, "resume", monday);
    expect(await told(freelancer)).toEqual([{ inApp: ["offer_received", "contract_resumed"], email: ["offer_received", "contract_paused"] }]);
  });
});

/** A contract with four 10-minute segments at $60/h last week, invoiced by the one close below. */
async function worked(name: string) {
  const client = await makeUser(prisma, "CLIENT", { name: "Clara" });
  const freelancer = await makeUser(prisma, "FREELANCER", { name: "Fiona" });
  const contractId = await makeFixedContract(prisma, { name, clientId: client.id, freelancerId: freelancer.id, rateCents: 6000, limitHours: 40, startsAt: WEEK });
  const segments = await makeFixedSegments(prisma, contractId, slotsFrom(new Date("2024-06-04T09:00:00Z"), 4));
  return { client, freelancer, contractId, segments };
}
const weeks = { invoice: await worked("n-invoice"), dispute: await worked("n-dispute"), accept: await worked("n-accept"), withdraw: await worked("n-withdraw"), escalate: await worked("n-escalate") };
await closeWeek({ weekStart: WEEK, now: CLOSE });
await announceNewInvoices(CLOSE); // the notifications job after the close
const invoiced = async (key: keyof typeof weeks) => weeks[key];

describe("money: the weekly invoice and earnings available", () => {
  it("the invoice reaches its client once, linking to it, however often the job runs; earnings available reach the freelancer", async () => {
    const { client, freelancer, contractId } = await invoiced("invoice");
    expect(await announceNewInvoices(CLOSE)).toBe(0);
    expect(await announceNewInvoices(new Date("2024-06-10T12:01:00Z"))).toBe(0);
    const invoice = await prisma.invoice.findFirstOrThrow({ where: { contractId } });
    expect(await told(client, freelancer)).toEqual([{ inApp: ["invoice_issued"], email: ["invoice_issued"] }, { inApp: [], email: [] }]);
    expect(await prisma.notification.findFirstOrThrow({ where: { userId: client.id } })).toMatchObject({ link: `/reports/invoices/${invoice.referenceId}` });
    await matureDueEarnings(new Date("2024-06-19T00:00:00Z"), { userId: freelancer.id });
    const available = await prisma.notification.findFirstOrThrow({ where: { userId: freelancer.id } });
    expect(available).toMatchObject({ kind: "earnings_available", title: "$36.00 is available", link: "/settings/get-paid" });
    expect(await kinds(client)).toEqual(["invoice_issued"]);
  });
});

describe("disputes", () => {
  it("filed: the freelancer; declined: the client and the admins; settled by an admin: both sides", async () => {
    const admin = await makeUser(prisma, "ADMIN", { name: "Ada" });
    const { client, freelancer, contractId, segments } = await invoiced("dispute");
    const { id } = await fileDispute(client, { contractId, weekStart: WEEK, segmentIds: segments.slice(0, 2), reason: "Not our project" }, TUESDAY);
    expect(await kinds(freelancer)).toEqual(["dispute_filed"]);
    expect((await prisma.notification.findFirstOrThrow({ where: { userId: freelancer.id } })).link).toBe(`/disputes/${id}`);
    await respondToDispute(freelancer, id, "decline", TUESDAY);
    expect(await kinds(client)).toEqual(["invoice_issued", "dispute_answered"]);
    expect(await kinds(admin)).toEqual(["dispute_escalated"]);
    await resolveDispute(admin, id, TUESDAY);
    expect(await kinds(client)).toEqual(["invoice_issued", "dispute_answered", "dispute_settled"]);
    expect(await kinds(freelancer)).toEqual(["dispute_filed", "dispute_settled"]);
  });

  it("accepted: the client; withdrawn: the freelancer; unanswered for 3 days: both sides escalated", async () => {
    const a = await invoiced("accept");
    const accepted = await fileDispute(a.client, { contractId: a.contractId, weekStart: WEEK, segmentIds: a.segments.slice(0, 1), reason: "Idle time" }, TUESDAY);
    await respondToDispute(a.freelancer, accepted.id, "accept", TUESDAY);
    expect(await kinds(a.client)).toEqual(["invoice_issued", "dispute_answered"]);

    const w = await invoiced("withdraw");
    const withdrawn = await fileDispute(w.client, { contractId: w.contractId, weekStart: WEEK, segmentIds: w.segments.slice(0, 1), reason: "Idle time" }, TUESDAY);
    await withdrawDispute(w.client, withdrawn.id, TUESDAY);
    expect(await kinds(w.freelancer)).toEqual(["dispute_filed", "dispute_settled"]);
    expect(await kinds(w.client)).toEqual(["invoice_issued"]);

    const e = await invoiced("escalate");
    await fileDispute(e.client, { contractId: e.contractId, weekStart: WEEK, segmentIds: e.segments.slice(0, 1), reason: "Idle time" }, TUESDAY);
    await escalateOverdueDisputes(new Date("2024-06-15T10:00:00Z"));
    expect(await kinds(e.client)).toEqual(["invoice_issued", "dispute_escalated"]);
    expect(await kinds(e.freelancer)).toEqual(["dispute_filed", "dispute_escalated"]);
  });
});

describe("withdrawals", () => {
  it("paid and failed reach the freelancer who withdrew", async () => {
    const ok = await makeUser(prisma, "FREELANCER");
    const bad = await makeUser(prisma, "FREELANCER");
    const now = new Date("2024-07-01T10:00:00Z");
    const okMethod = await fundAvailable(prisma, ok.id, 20_000, now);
    const badMethod = await fundAvailable(prisma, bad.id, 20_000, now, "ACH", "0002");
    await withdraw(ok, { amountCents: 10_000, methodId: okMethod, idempotencyKey: "n-ok" }, now);
    await withdraw(bad, { amountCents: 10_000, methodId: badMethod, idempotencyKey: "n-bad" }, now);
    await processPayouts(now);
    await processPayouts(new Date("2024-07-08T10:00:00Z"));
    expect(await told(ok, bad)).toEqual([{ inApp: ["withdrawal_paid"], email: ["withdrawal_paid"] }, { inApp: ["withdrawal_failed"], email: ["withdrawal_failed"] }]);
    expect((await prisma.notification.findFirstOrThrow({ where: { userId: ok.id } })).title).toBe("Withdrawal paid: $100.00");
  });
});

describe("R16.4 unread messages: one email after 15 minutes, several messages in it", () => {
  async function conversation() {
    const { client, freelancer, id } = await offer();
    const c = await prisma.conversation.findUniqueOrThrow({ where: { contractId: id } });
    await prisma.notification.deleteMany({ where: { userId: { in: [client.id, freelancer.id] } } });
    await prisma.emailOutbox.deleteMany({ where: { userId: { in: [client.id, freelancer.id] } } });
    return { client, freelancer, conversationId: c.id };
  }
  const t = (minutes: number) => new Date(Date.parse("2024-08-01T10:00:00Z") + minutes * 60_000);
  const unreadMails = async (user: { id: string }) => prisma.emailOutbox.findMany({ where: { userId: user.id, kind: "messages_unread" } });

  it("two messages: nothing before 15 minutes, then one email naming both, and nothing more on a rerun", async () => {
    const { client, freelancer, conversationId } = await conversation();
    await sendMessage(client, { conversationId, body: "First", clientId: "u-1", files: [] }, { now: t(0) });
    await sendMessage(client, { conversationId, body: "Second", clientId: "u-2", files: [] }, { now: t(5) });
    await emailUnreadMessages(t(14));
    expect(await unreadMails(freelancer)).toEqual([]);
    await emailUnreadMessages(t(15));
    await emailUnreadMessages(t(16));
    const mails = await unreadMails(freelancer);
    expect(mails.map((m) => m.subject)).toEqual(["You have 2 unread messages"]);
    expect(mails[0]!.textBody).toContain("2 unread messages from Clara");
    expect(await unreadMails(client)).toEqual([]);
    // a later message is a new email only 15 minutes after it
    await sendMessage(client, { conversationId, body: "Third", clientId: "u-3", files: [] }, { now: t(20) });
    await emailUnreadMessages(t(34));
    expect(await unreadMails(freelancer)).toHaveLength(1);
    await emailUnreadMessages(t(35));
    expect((await unreadMails(freelancer)).map((m) => m.subject).sort()).toEqual(["You have 1 unread message", "You have 2 unread messages"]);
  });

  it("two workers running the job at once queue one email", async () => {
    const { client, freelancer, conversationId } = await conversation();
    await sendMessage(client, { conversationId, body: "Are you there?", clientId: "c-1", files: [] }, { now: t(100) });
    const runs = await Promise.all([emailUnreadMessages(t(120)), emailUnreadMessages(t(120)), emailUnreadMessages(t(121))]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await unreadMails(freelancer)).toHaveLength(1);
  });

  it("a call's entry is not counted: the missed call has its own notification (R17.1)", async () => {
    const { client, freelancer, conversationId } = await conversation();
    const { contractId } = await prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const call = await prisma.call.create({
      data: { conversationId, contractId, callerId: client.id, calleeId: freelancer.id, status: "ENDED", outcome: "MISSED", endReason: "timeout", callerTab: "tab-client-1", createdAt: t(199), endedAt: t(200) },
    });
    await prisma.message.create({ data: { conversationId, senderId: client.id, body: "Missed call", callId: call.id, createdAt: t(200) } });
    await sendMessage(client, { conversationId, body: "Call me back when you can", clientId: "m-1", files: [] }, { now: t(201) });
    await emailUnreadMessages(t(230));
    expect((await unreadMails(freelancer)).map((m) => m.subject)).toEqual(["You have 1 unread message"]);
  });

  it("a message read within 15 minutes is never emailed", async () => {
    const { client, freelancer, conversationId } = await conversation();
    const { message } = await sendMessage(client, { conversationId, body: "Quick question", clientId: "r-1", files: [] }, { now: t(0) });
    await markConversationRead(freelancer, conversationId, { upToMessageId: message.id }); // read at once, well within 15 minutes
    await emailUnreadMessages(t(30));
    expect(await unreadMails(freelancer)).toEqual([]);
  });
});

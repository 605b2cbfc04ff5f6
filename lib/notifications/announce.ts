// R16.4 what each event says and to whom: one function per family of events, called by the
// service IN ITS TRANSACTION (tx), so the notification and its email commit or roll back with it.
// The words live here; the services only say what happened.
import type { Prisma } from "@/lib/generated/prisma/client";
import { formatCents } from "@/lib/format/money";
import { notifyUsers, type NotificationEvents } from "./notify-users";

type Tx = Prisma.TransactionClient;

export type ContractEvent = "offer_received" | "offer_accepted" | "offer_declined" | "contract_paused" | "contract_resumed" | "contract_ended";

/**
 * Who hears of a contract's event: an offer goes to the freelancer, its answer to the client;
 * a pause, resume or end goes to both sides but the one who did it (an admin's reaches both).
 */
export async function announceContract(tx: Tx, contractId: string, event: ContractEvent, actorId: string): Promise<NotificationEvents> {
  const c = await tx.contract.findUniqueOrThrow({
    where: { id: contractId },
    select: { title: true, clientId: true, freelancerId: true, client: { select: { name: true } }, freelancer: { select: { name: true } } },
  });
  const actor = actorId === c.clientId ? c.client.name : actorId === c.freelancerId ? c.freelancer.name : "An admin";
  const others = [c.clientId, c.freelancerId].filter((id) => id !== actorId);
  const link = `/contracts/${contractId}`;
  const t = `“${c.title}”`;
  switch (event) {
    case "offer_received":
      return notifyUsers(tx, { kind: "offer_received", userIds: [c.freelancerId], title: `New offer: ${c.title}`, body: `${c.client.name} sent you an offer, ${t}. Accept or decline it in Hourglass.`, link });
    case "offer_accepted":
    case "offer_declined": {
      const word = event === "offer_accepted" ? "accepted" : "declined";
      return notifyUsers(tx, { kind: "offer_answered", userIds: [c.clientId], title: `Offer ${word}: ${c.title}`, body: `${c.freelancer.name} ${word} your offer ${t}.`, link });
    }
    case "contract_paused":
      return notifyUsers(tx, { kind: "contract_paused", userIds: others, title: `Contract paused: ${c.title}`, body: `${actor} paused ${t}. Time tracked while it is paused is not billed.`, link });
    case "contract_resumed":
      return notifyUsers(tx, { kind: "contract_resumed", userIds: others, title: `Contract resumed: ${c.title}`, body: `${actor} resumed ${t}. Tracking is billed again.`, link });
    case "contract_ended":
      return notifyUsers(tx, { kind: "contract_ended", userIds: others, title: `Contract ended: ${c.title}`, body: `${actor} ended ${t}.`, link });
  }
}

export type DisputeEvent = "dispute_filed" | "dispute_accepted" | "dispute_declined" | "dispute_escalated" | "dispute_withdrawn" | "dispute_resolved";

/**
 * Filed: the freelancer, who must answer. Answered: the client (declined also tells the admins,
 * whose queue it joins). Escalated without an answer: both sides and the admins. Withdrawn: the
 * freelancer. Resolved by an admin: both sides.
 */
export async function announceDispute(tx: Tx, disputeId: string, event: DisputeEvent): Promise<NotificationEvents> {
  const d = await tx.dispute.findUniqueOrThrow({
    where: { id: disputeId },
    select: { referenceId: true, refundedCents: true, contract: { select: { title: true, clientId: true, freelancerId: true, client: { select: { name: true } }, freelancer: { select: { name: true } } } } },
  });
  const c = d.contract;
  const link = `/disputes/${disputeId}`;
  const on = `on “${c.title}” (${d.referenceId})`;
  const admins = async () => (await tx.user.findMany({ where: { role: "ADMIN", suspendedAt: null }, select: { id: true } })).map((a) => a.id);
  switch (event) {
    case "dispute_filed":
      return notifyUsers(tx, { kind: "dispute_filed", userIds: [c.freelancerId], title: `Dispute filed: ${c.title}`, body: `${c.client.name} disputed time ${on}. Answer within 3 days, or it goes to admin review.`, link });
    case "dispute_accepted":
      return notifyUsers(tx, { kind: "dispute_answered", userIds: [c.clientId], title: `Dispute accepted: ${c.title}`, body: `${c.freelancer.name} accepted your dispute ${on}; the disputed time is refunded (${formatCents(d.refundedCents)}).`, link });
    case "dispute_declined":
      return [
        ...(await notifyUsers(tx, { kind: "dispute_answered", userIds: [c.clientId], title: `Dispute declined: ${c.title}`, body: `${c.freelancer.name} declined your dispute ${on}. An admin will review it.`, link })),
        ...(await notifyUsers(tx, { kind: "dispute_escalated", userIds: await admins(), title: `Dispute to review: ${c.title}`, body: `The freelancer declined the dispute ${on}; it awaits an admin's review.`, link })),
      ];
    case "dispute_escalated":
      return notifyUsers(tx, {
        kind: "dispute_escalated", userIds: [c.clientId, c.freelancerId, ...(await admins())], title: `Dispute escalated: ${c.title}`,
        body: `The dispute ${on} was not answered within 3 days and goes to admin review.`, link,
      });
    case "dispute_withdrawn":
      return notifyUsers(tx, { kind: "dispute_settled", userIds: [c.freelancerId], title: `Dispute withdrawn: ${c.title}`, body: `${c.client.name} withdrew the dispute ${on}; the time is paid as usual.`, link });
    case "dispute_resolved":
      return notifyUsers(tx, {
        kind: "dispute_settled", userIds: [c.clientId, c.freelancerId], title: `Dispute settled: ${c.title}`,
        body: `An admin reviewed the dispute ${on}: ${formatCents(d.refundedCents)} refunded to the client, the rest paid.`, link,
      });
  }
}

/** The client of a contract week, when its invoice is written by the weekly close. */
export async function announceInvoice(tx: Tx, invoice: { clientId: string; contractTitle: string; referenceId: string; amountCents: number; weekStart: Date }): Promise<NotificationEvents> {
  const week = invoice.weekStart.toISOString().slice(0, 10);
  return notifyUsers(tx, {
    kind: "invoice_issued", userIds: [invoice.clientId], title: `Weekly invoice: ${invoice.contractTitle}`,
    body: `The week of ${week} on “${invoice.contractTitle}” was billed: ${formatCents(invoice.amountCents)} (${invoice.referenceId}). You can dispute it until Friday.`,
    link: `/reports/invoices/${invoice.referenceId}`,
  });
}

/** The freelancer, once per maturity run that made some of their money available. */
export async function announceEarningsAvailable(tx: Tx, userId: string, amountCents: bigint): Promise<NotificationEvents> {
  return notifyUsers(tx, {
    kind: "earnings_available", userIds: [userId], title: `${formatCents(amountCents)} is available`,
    body: `${formatCents(amountCents)} of your earnings cleared review and can be withdrawn now.`, link: "/settings/get-paid",
  });
}

/** The freelancer, when the provider paid or returned a withdrawal. */
export async function announceWithdrawal(tx: Tx, w: { userId: string; amountCents: number; paid: boolean; reason?: string | null }): Promise<NotificationEvents> {
  const amount = formatCents(w.amountCents);
  return w.paid
    ? notifyUsers(tx, { kind: "withdrawal_paid", userIds: [w.userId], title: `Withdrawal paid: ${amount}`, body: `Your withdrawal of ${amount} was paid to your payout method.`, link: "/settings/get-paid" })
    : notifyUsers(tx, {
        kind: "withdrawal_failed", userIds: [w.userId], title: `Withdrawal failed: ${amount}`,
        body: `Your withdrawal of ${amount} could not be paid${w.reason ? ` (${w.reason})` : ""}. The money is back in your available balance.`, link: "/settings/get-paid",
      });
}

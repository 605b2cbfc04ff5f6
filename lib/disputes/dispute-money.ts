import "server-only";
// R7 the money side of a dispute, shared by filing and resolving it. The
// freelancer's net share of the disputed segments moves from their earnings to
// `held` when the dispute is filed (R7.4 held until resolution); resolution
// refunds part or all of it to the client, reversing the fees in proportion, and
// releases the rest to wherever the earning stands by then (R6.3 by the clock).
import { hourlyEarningStatus, type DisputeRefund, type InvoicedWeek } from "@/lib/billing";
import { PLATFORM_FEES, clientAccount, clientAccountSpecs, ensureAccounts, freelancerAccount, freelancerAccountSpecs, idOf, platformAccountSpecs } from "@/lib/ledger/accounts";
import { bookTransfers, transferIdOf, type TransferDraft } from "@/lib/ledger/book";
import type { Tx } from "@/lib/ledger/db";
import { lotAmounts } from "@/lib/ledger/mature-earnings";

export interface DisputeContext {
  disputeId: string;
  disputeRef: string;
  contractId: string;
  clientId: string;
  freelancerId: string;
  invoiceId: string;
  weekStart: Date;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The hourly earning (lot) of a contract week: the weekly close's hourly transfer. */
export function hourlyEarningId(contractId: string, weekStart: Date): string {
  return transferIdOf(`close:${contractId}:${isoDay(weekStart)}:hourly`);
}

/** The figures of the hourly line as booked (lib/billing splits these, it never reprices). */
export function invoicedHourly(invoice: { billedMinutes: number; hourlyAmountCents: number; hourlyClientFeeCents: number; hourlyServiceFeeCents: number }): InvoicedWeek {
  return { billableMinutes: invoice.billedMinutes, amountCents: invoice.hourlyAmountCents, clientFeeCents: invoice.hourlyClientFeeCents, serviceFeeCents: invoice.hourlyServiceFeeCents };
}

/** The accounts a dispute moves money between, made through the booking's own transaction (never a second connection). */
export async function disputeAccounts(tx: Tx, ctx: DisputeContext): Promise<Map<string, string>> {
  return ensureAccounts([...clientAccountSpecs(ctx.clientId), ...freelancerAccountSpecs(ctx.freelancerId), ...platformAccountSpecs()], tx);
}

/** Locks the earning's maturity row (if it still has one), so holds, releases and maturity steps of one earning take turns. */
export async function lockEarning(tx: Tx, earningId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM ledger_maturities WHERE earning_id = ${earningId}::uuid FOR UPDATE`;
}

/** What is held for this dispute now. */
export async function heldFor(tx: Tx, ctx: DisputeContext, accounts: Map<string, string>): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ s: bigint | null }>>`
    SELECT sum(e.amount_cents)::bigint AS s FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id
    WHERE t.dispute_id = ${ctx.disputeId}::uuid AND e.account_id = ${idOf(accounts, freelancerAccount(ctx.freelancerId, "held"))}::uuid`;
  return Number(row?.s ?? 0n);
}

/**
 * R7.4 moves the freelancer's net share of the disputed segments into held: from in review
 * (or, if the earning has just turned pending, from there). Never more than the earning holds.
 * Choice: what is held is the freelancer's net share (the refunded gross minus the service fee on
 * it); the client fee and service fee stay with the platform until the resolution reverses them.
 */
export async function bookHold(tx: Tx, ctx: DisputeContext, netCents: number, at: Date): Promise<number> {
  const earningId = hourlyEarningId(ctx.contractId, ctx.weekStart);
  await lockEarning(tx, earningId);
  const accounts = await disputeAccounts(tx, ctx);
  const lot = (await lotAmounts(tx, [earningId])).get(earningId)!;
  const fromReview = Math.min(netCents, Number(lot.inReview));
  const fromPending = Math.min(netCents - fromReview, Number(lot.pending));
  await bookTransfers(tx, [{
    key: `dispute:${ctx.disputeId}:hold`, type: "HOLD", referenceId: `${ctx.disputeRef}-H`, createdAt: at,
    description: `Held for dispute ${ctx.disputeRef}`, contractId: ctx.contractId, invoiceId: ctx.invoiceId, disputeId: ctx.disputeId, earningId,
    entries: [
      { accountId: idOf(accounts, freelancerAccount(ctx.freelancerId, "in_review")), amountCents: -fromReview },
      { accountId: idOf(accounts, freelancerAccount(ctx.freelancerId, "pending")), amountCents: -fromPending },
      { accountId: idOf(accounts, freelancerAccount(ctx.freelancerId, "held")), amountCents: fromReview + fromPending },
    ],
  }]);
  return fromReview + fromPending;
}

/**
 * R7.3 / R7.4 settles the held money: the refund (with its fees) goes back to the client, the rest is released.
 * Choice: released money joins the earning where it stands at `at` (R6.3), as if never disputed.
 * Choice: the freelancer never gives back more than was held; a rounding cent is covered by the platform's fee reversal.
 */
export async function bookResolution(tx: Tx, ctx: DisputeContext, refund: DisputeRefund | null, at: Date): Promise<{ refundedToClient: number; released: number }> {
  const earningId = hourlyEarningId(ctx.contractId, ctx.weekStart);
  await lockEarning(tx, earningId);
  const accounts = await disputeAccounts(tx, ctx);
  const held = await heldFor(tx, ctx, accounts);
  const heldAccount = idOf(accounts, freelancerAccount(ctx.freelancerId, "held"));
  const link = { contractId: ctx.contractId, invoiceId: ctx.invoiceId, disputeId: ctx.disputeId, earningId, createdAt: at };
  const drafts: TransferDraft[] = [];
  let fromFreelancer = 0;
  const refundedToClient = refund?.clientRefundTotalCents ?? 0;
  if (refund && refundedToClient > 0) {
    fromFreelancer = Math.min(refund.freelancerDeductionCents, held);
    drafts.push({
      ...link, key: `dispute:${ctx.disputeId}:refund`, type: "REFUND", referenceId: `${ctx.disputeRef}-F`,
      description: `Refund for dispute ${ctx.disputeRef}: ${refund.refundedMinutes} min`,
      entries: [
        { accountId: heldAccount, amountCents: -fromFreelancer },
        { accountId: idOf(accounts, PLATFORM_FEES), amountCents: -(refundedToClient - fromFreelancer) },
        { accountId: idOf(accounts, clientAccount(ctx.clientId)), amountCents: refundedToClient },
      ],
    });
  }
  const released = held - fromFreelancer;
  const status = hourlyEarningStatus(ctx.weekStart, at);
  const target = status === "available" ? "available" : status === "pending" ? "pending" : "in_review";
  drafts.push({
    ...link, key: `dispute:${ctx.disputeId}:release`, type: "RELEASE", referenceId: `${ctx.disputeRef}-R`,
    description: `Released from dispute ${ctx.disputeRef} (${target.replace("_", " ")})`,
    entries: [{ accountId: heldAccount, amountCents: -released }, { accountId: idOf(accounts, freelancerAccount(ctx.freelancerId, target)), amountCents: released }],
  });
  await bookTransfers(tx, drafts);
  return { refundedToClient, released };
}

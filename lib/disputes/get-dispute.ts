import "server-only";
// A dispute as its client, its freelancer or an admin sees it; anyone else gets null (404).
// Each disputed segment carries its Hourly Protection verdict (R5) with every failing
// condition, so the freelancer can decide and an admin can review (R7.3); the money lines
// are the dispute's ledger entries on the viewer's own accounts (admins: both parties').
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { adminReviewRefund, hourlyProtection, type ProtectionFailure } from "@/lib/billing";
import type { DisputeStatus, LedgerAccountKind, TransferType } from "@/lib/generated/prisma/enums";
import { invoicedHourly } from "./dispute-money";

export interface DisputeSegmentView {
  segmentId: string;
  slotStart: string;
  kind: "TRACKED" | "MANUAL";
  memo: string | null;
  activityLevel: number | null;
  hasScreenshot: boolean;
  /** R5 verdict recorded when the dispute was filed */
  protected: boolean;
  /** R5 every condition the segment fails (empty when protected), as an admin review judges it */
  failures: ProtectionFailure[];
  refunded: boolean;
}

export interface DisputeMoneyLine {
  referenceId: string;
  type: TransferType;
  description: string;
  at: string;
  party: "client" | "freelancer";
  /** which account of that party: charges, in_review, pending, available, held */
  account: string;
  /** signed integer cents */
  amountCents: number;
}

export interface DisputeView {
  id: string;
  referenceId: string;
  contractId: string;
  contractTitle: string;
  client: { id: string; name: string };
  freelancer: { id: string; name: string };
  invoiceId: string;
  weekStart: string;
  status: DisputeStatus;
  /** OPEN past its deadline counts too: the deadline job may not have run yet (R7.3) */
  awaitingAdminReview: boolean;
  reason: string;
  filedAt: string;
  respondBy: string;
  respondedAt: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: string | null;
  /** the invoice amount of the disputed segments, integer cents */
  heldCents: number;
  refundedCents: number;
  /** R7.3 what an admin review would refund (the invoice amount of the failing segments), while one is possible */
  reviewRefundCents: number | null;
  segments: DisputeSegmentView[];
  money: DisputeMoneyLine[];
  /** what the viewer may do now */
  can: { respond: boolean; withdraw: boolean; resolve: boolean };
}

export function disputeScope(user: CurrentUser) {
  return user.role === "ADMIN" ? {} : { contract: { OR: [{ clientId: user.id }, { freelancerId: user.id }] } };
}

const ACCOUNT: Partial<Record<LedgerAccountKind, string>> = {
  CLIENT_CHARGES: "charges", FREELANCER_IN_REVIEW: "in_review", FREELANCER_PENDING: "pending", FREELANCER_AVAILABLE: "available", FREELANCER_HELD: "held",
};

export async function getDispute(user: CurrentUser, id: string, now: Date): Promise<DisputeView | null> {
  const d = await db().dispute.findFirst({
    where: { id, ...disputeScope(user) },
    include: {
      contract: { select: { title: true, client: { select: { id: true, name: true, paymentVerifiedAt: true } }, freelancer: { select: { id: true, name: true } } } },
      invoice: true,
      segments: { include: { segment: { include: { screenshot: { select: { id: true } } } } } },
    },
  });
  if (!d) return null;
  const { client, freelancer } = d.contract;
  const owners = user.role === "ADMIN" ? [client.id, freelancer.id] : [user.id];
  const [entries, resolver] = await Promise.all([
    db().ledgerEntry.findMany({
      where: { transfer: { disputeId: d.id }, account: { ownerId: { in: owners } } },
      include: { transfer: { select: { referenceId: true, type: true, description: true } }, account: { select: { kind: true, ownerId: true } } },
      orderBy: { id: "asc" },
    }),
    d.resolvedById ? db().user.findUnique({ where: { id: d.resolvedById }, select: { name: true } }) : null,
  ]);

  // The same judgement as resolveDispute: the client's verification as it was at filing.
  const verified = client.paymentVerifiedAt !== null && client.paymentVerifiedAt <= d.filedAt;
  const ordered = [...d.segments].sort((a, b) => a.segment.slotStart.getTime() - b.segment.slotStart.getTime());
  const inputs = ordered.map((s) => ({
    manual: s.segment.kind === "MANUAL", hasScreenshot: s.segment.screenshot !== null, activityLevel: s.segment.kind === "MANUAL" ? null : s.segment.activityLevel,
    memo: s.segment.memo, withinLimit: true, clientHasVerifiedPaymentMethod: verified,
  }));
  const verdicts = inputs.map((i) => hourlyProtection(i));
  const live = d.status === "OPEN" || d.status === "ESCALATED";
  const overdue = d.status === "OPEN" && now >= d.respondBy;
  let reviewRefundCents: number | null = null;
  if (live) {
    try {
      reviewRefundCents = adminReviewRefund(invoicedHourly(d.invoice), inputs).refundCents;
    } catch {
      reviewRefundCents = null; // the invoice cannot be split (never for a dispute the service accepted)
    }
  }
  const isClient = client.id === user.id;
  const isFreelancer = freelancer.id === user.id;
  return {
    id: d.id, referenceId: d.referenceId, contractId: d.contractId, contractTitle: d.contract.title,
    client: { id: client.id, name: client.name }, freelancer, invoiceId: d.invoiceId, weekStart: d.invoice.weekStart.toISOString(), status: d.status,
    awaitingAdminReview: d.status === "ESCALATED" || overdue,
    reason: d.reason, filedAt: d.filedAt.toISOString(), respondBy: d.respondBy.toISOString(), respondedAt: d.respondedAt?.toISOString() ?? null,
    resolvedAt: d.resolvedAt?.toISOString() ?? null, resolvedBy: resolver?.name ?? null, resolution: d.resolution, heldCents: d.heldCents, refundedCents: d.refundedCents,
    reviewRefundCents,
    segments: ordered.map((s, i) => ({
      segmentId: s.segmentId, slotStart: s.segment.slotStart.toISOString(), kind: s.segment.kind, memo: s.segment.memo,
      activityLevel: s.segment.kind === "MANUAL" ? null : s.segment.activityLevel, hasScreenshot: s.segment.screenshot !== null,
      protected: s.protected, failures: verdicts[i]!.failures, refunded: s.refunded,
    })),
    money: entries
      .filter((e) => e.amountCents !== 0n)
      .map((e) => ({
        referenceId: e.transfer.referenceId, type: e.transfer.type, description: e.transfer.description, at: e.createdAt.toISOString(),
        party: e.account.ownerId === client.id ? ("client" as const) : ("freelancer" as const), account: ACCOUNT[e.account.kind] ?? e.account.kind.toLowerCase(),
        amountCents: Number(e.amountCents),
      })),
    can: {
      respond: isFreelancer && d.status === "OPEN" && !overdue,
      withdraw: isClient && live,
      resolve: user.role === "ADMIN" && (d.status === "ESCALATED" || overdue),
    },
  };
}

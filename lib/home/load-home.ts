import "server-only";
// Home: what each role opens the portal for: hours against limits, what to review (R7.1) and open disputes, money in
// review / pending / available (the figures Reports shows), and what needs them. Every query carries the caller in its `where`.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { ContractStatus, DisputeStatus } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { reviewWindowEndsAt, SLOT_MINUTES, weekStartOf } from "@/lib/billing";
import { contractScope } from "@/lib/contracts/list-contracts";
import { limitView } from "@/lib/contracts/limits";
import { readBalances } from "@/lib/ledger/balances";
import { countUnread } from "@/lib/messages/list-conversations";

const WEEK_MS = 7 * 86_400_000;

export interface ContractWeek {
  contractId: string;
  title: string;
  status: ContractStatus;
  /** the other party: the freelancer for a client, the client for a freelancer */
  withName: string;
  /** R1.1 live segments (tracked and manual) of the current work week so far, in minutes */
  loggedMinutes: number;
  /** R4.3 the limit in force this week, minutes; null = no limit */
  limitMinutes: number | null;
}

export interface WeekInReview {
  contractId: string;
  title: string;
  withName: string;
  weekStart: string;
  billedMinutes: number;
  /** R7.1 the last second the client may dispute it */
  reviewEndsAt: string;
}

export interface OpenDispute {
  id: string;
  referenceId: string;
  contractTitle: string;
  status: DisputeStatus;
  respondBy: string;
  /** R7.3 declined, or unanswered past its deadline */
  awaitingAdminReview: boolean;
}

export interface HomeSummary {
  weekStart: string;
  /** active and paused contracts, by title */
  week: ContractWeek[];
  /** client: invoiced weeks still in their review window, with billed time */
  inReview: WeekInReview[];
  /** client: disputes they filed that are not settled; freelancer: disputes awaiting their answer */
  openDisputes: OpenDispute[];
  /** freelancer: R6.3 states now, integer cents as strings */
  money: { inReviewCents: string; pendingCents: string; availableCents: string } | null;
  needs: {
    /** freelancer: offers to accept or decline */
    offers: number;
    /** freelancer: R7.3 open disputes still within their 3 days */
    disputes: number;
    unreadMessages: number;
    /** admin: the review queue (escalated, or unanswered past the deadline) */
    disputeQueue: number;
  };
  /** any contract at all, offers and ended ones included (the empty state when none) */
  hasContracts: boolean;
}

// R7.3 the admin queue, as lib/disputes/list-disputes filters it
const awaitingReview = (now: Date): Prisma.DisputeWhereInput => ({ OR: [{ status: "ESCALATED" }, { status: "OPEN", respondBy: { lte: now } }] });

export async function loadHome(user: CurrentUser, now: Date): Promise<HomeSummary> {
  const prisma = db();
  const weekStart = weekStartOf(now);
  const scope = contractScope(user);
  if (user.role === "ADMIN") {
    const [disputeQueue, contracts] = await Promise.all([prisma.dispute.count({ where: awaitingReview(now) }), prisma.contract.count()]);
    return { weekStart: weekStart.toISOString(), week: [], inReview: [], openDisputes: [], money: null, needs: { offers: 0, disputes: 0, unreadMessages: 0, disputeQueue }, hasContracts: contracts > 0 };
  }
  const client = user.role === "CLIENT";
  const lastWeek = new Date(weekStart.getTime() - WEEK_MS);
  // Choice: only the freelancer answers a dispute (R7.3; the client may withdraw it), so the client's
  // home lists the disputes they filed that are still open, and the freelancer's those awaiting their answer.
  const disputeWhere: Prisma.DisputeWhereInput = client
    ? { contract: { clientId: user.id }, status: { in: ["OPEN", "ESCALATED"] } }
    : { contract: { freelancerId: user.id }, status: "OPEN", respondBy: { gt: now } };

  const [contracts, anyContract, offers, disputes, unreadMessages, invoices, balances] = await Promise.all([
    prisma.contract.findMany({
      where: { ...scope, status: { in: ["ACTIVE", "PAUSED"] } },
      orderBy: { title: "asc" },
      select: {
        id: true, title: true, status: true,
        client: { select: { name: true } }, freelancer: { select: { name: true } },
        limitChanges: { orderBy: { requestedAt: "asc" }, select: { limitMinutes: true, requestedAt: true } },
        _count: { select: { segments: { where: { deletedAt: null, slotStart: { gte: weekStart, lt: new Date(weekStart.getTime() + WEEK_MS) } } } } },
      },
    }),
    prisma.contract.count({ where: scope, take: 1 }),
    client ? 0 : prisma.contract.count({ where: { freelancerId: user.id, status: "OFFER" } }),
    prisma.dispute.findMany({
      where: disputeWhere,
      orderBy: [{ respondBy: "asc" }, { id: "asc" }],
      select: { id: true, referenceId: true, status: true, respondBy: true, contract: { select: { title: true } } },
      take: 50,
    }),
    countUnread(user),
    // R7.1 last week's invoices are disputable until Friday 23:59:59 of this week
    client && now < reviewWindowEndsAt(lastWeek)
      ? prisma.invoice.findMany({
          where: { contract: { clientId: user.id }, weekStart: lastWeek, billedMinutes: { gt: 0 } },
          orderBy: { contract: { title: "asc" } },
          select: { contractId: true, weekStart: true, billedMinutes: true, contract: { select: { title: true, freelancer: { select: { name: true } } } } },
        })
      : [],
    client ? null : readBalances(user.id, now),
  ]);

  return {
    weekStart: weekStart.toISOString(),
    week: contracts.map((c) => {
      const hours = limitView(c.limitChanges, now).nowHours;
      return {
        contractId: c.id, title: c.title, status: c.status, withName: client ? c.freelancer.name : c.client.name,
        loggedMinutes: c._count.segments * SLOT_MINUTES, limitMinutes: hours === null ? null : hours * 60,
      };
    }),
    inReview: invoices.map((i) => ({
      contractId: i.contractId, title: i.contract.title, withName: i.contract.freelancer.name, weekStart: i.weekStart.toISOString(),
      billedMinutes: i.billedMinutes, reviewEndsAt: reviewWindowEndsAt(i.weekStart).toISOString(),
    })),
    openDisputes: disputes.map((d) => ({
      id: d.id, referenceId: d.referenceId, contractTitle: d.contract.title, status: d.status, respondBy: d.respondBy.toISOString(),
      awaitingAdminReview: d.status === "ESCALATED" || now >= d.respondBy,
    })),
    money: balances ? { inReviewCents: balances.inReview.toString(), pendingCents: balances.pending.toString(), availableCents: balances.available.toString() } : null,
    needs: { offers, disputes: client ? 0 : disputes.length, unreadMessages, disputeQueue: 0 },
    hasContracts: anyContract > 0,
  };
}

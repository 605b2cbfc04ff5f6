import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { ContractStatus } from "@/lib/generated/prisma/enums";
import { canManage, contractFor } from "./access";
import { availableActions, type StatusAction } from "./change-status";
import { PAST_DUE_REASON } from "@/lib/client-billing/past-due";
import { isClosed } from "./status";
import { describeLimit, limitView } from "./limits";

export interface ContractDetail {
  id: string;
  title: string;
  status: ContractStatus;
  client: { id: string; name: string };
  freelancer: { id: string; name: string };
  hourlyRateCents: number;
  weeklyPaymentCents: number;
  manualTimeAllowed: boolean;
  weeklyLimit: { nowHours: number | null; text: string };
  startsAt: string;
  /** the start date has come (an accepted contract shows "Started", else "Starts") */
  started: boolean;
  endedAt: string | null;
  replacesId: string | null;
  replacedById: string | null;
  pausedByDispute: boolean;
  /** R14.3 paused because the client's payment is past due: it resumes when they pay, not by Resume */
  pausedForPastDue: boolean;
  history: Array<{ at: string; action: string; actor: string | null; before: unknown; after: unknown }>;
  /** section 5: without a verified payment method, no time on this contract is covered by Hourly Protection */
  clientPaymentVerified: boolean;
  /** what the viewer may do: change terms, and the status actions open to them now */
  can: { manage: boolean; actions: StatusAction[] };
}

export async function getContract(user: CurrentUser, id: string, now: Date): Promise<ContractDetail> {
  const base = await contractFor(db(), user, id);
  const [c, audit] = await Promise.all([
    db().contract.findUniqueOrThrow({
      where: { id: base.id },
      include: {
        client: { select: { id: true, name: true, paymentVerifiedAt: true } },
        freelancer: { select: { id: true, name: true } },
        limitChanges: { orderBy: { requestedAt: "asc" } },
        pauses: { where: { endedAt: null } },
        replacedBy: { select: { id: true } },
      },
    }),
    db().auditLog.findMany({ where: { entityType: "contract", entityId: base.id }, orderBy: { id: "desc" }, take: 50, include: { actor: { select: { name: true } } } }),
  ]);
  const view = limitView(c.limitChanges, now);
  const manage = canManage(user, c);
  const pausedByDispute = c.pauses.some((p) => p.disputeId !== null);
  const pausedForPastDue = c.pauses.some((p) => p.reason === PAST_DUE_REASON);
  const actions = availableActions(user, { ...c, pausedByDispute, pausedForPastDue });
  return {
    id: c.id, title: c.title, status: c.status, client: { id: c.client.id, name: c.client.name }, freelancer: c.freelancer,
    hourlyRateCents: c.hourlyRateCents, weeklyPaymentCents: c.weeklyPaymentCents, manualTimeAllowed: c.manualTimeAllowed,
    weeklyLimit: { nowHours: view.nowHours, text: describeLimit(view) },
    startsAt: c.startsAt.toISOString(), started: c.startsAt.getTime() <= now.getTime(), endedAt: c.endedAt?.toISOString() ?? null,
    replacesId: c.replacesId, replacedById: c.replacedBy?.id ?? null,
    pausedByDispute,
    pausedForPastDue,
    history: audit.map((a) => ({ at: a.createdAt.toISOString(), action: a.action, actor: a.actor?.name ?? null, before: a.before, after: a.after })),
    clientPaymentVerified: c.client.paymentVerifiedAt !== null,
    can: { manage: manage && !isClosed(c.status), actions },
  };
}

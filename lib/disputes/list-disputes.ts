import "server-only";
// Disputes as a list: a party's own (client or freelancer), any for an admin; the admin
// queue is every dispute awaiting review (R7.3: declined, or unanswered past the deadline),
// oldest deadline first.
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { DisputeStatus } from "@/lib/generated/prisma/enums";
import { ApiError } from "@/lib/errors";
import type { DisputeFilter } from "@/lib/validation/dispute-filters";
import { disputeScope } from "./get-dispute";

export interface DisputeSummary {
  id: string;
  referenceId: string;
  contractId: string;
  contractTitle: string;
  clientName: string;
  freelancerName: string;
  weekStart: string;
  status: DisputeStatus;
  awaitingAdminReview: boolean;
  filedAt: string;
  respondBy: string;
  resolvedAt: string | null;
  segmentCount: number;
  heldCents: number;
  refundedCents: number;
}

export interface ListDisputesInput {
  filter?: DisputeFilter;
  contractId?: string;
}

function filterWhere(filter: DisputeFilter, now: Date): Prisma.DisputeWhereInput {
  switch (filter) {
    case "open":
      return { status: { in: ["OPEN", "ESCALATED"] } };
    case "queue":
      return { OR: [{ status: "ESCALATED" }, { status: "OPEN", respondBy: { lte: now } }] };
    case "closed":
      return { status: { in: ["ACCEPTED", "RESOLVED", "WITHDRAWN"] } };
    default:
      return {};
  }
}

export async function listDisputes(user: CurrentUser, input: ListDisputesInput, now: Date): Promise<DisputeSummary[]> {
  const filter = input.filter ?? "all";
  if (filter === "queue" && user.role !== "ADMIN") throw new ApiError("forbidden", "Only admins review disputes.");
  const rows = await db().dispute.findMany({
    where: { AND: [disputeScope(user), filterWhere(filter, now), input.contractId ? { contractId: input.contractId } : {}] },
    include: {
      contract: { select: { title: true, client: { select: { name: true } }, freelancer: { select: { name: true } } } },
      invoice: { select: { weekStart: true } },
      _count: { select: { segments: true } },
    },
    orderBy: filter === "queue" ? [{ respondBy: "asc" }, { id: "asc" }] : [{ filedAt: "desc" }, { id: "asc" }],
    take: 200,
  });
  return rows.map((d) => ({
    id: d.id, referenceId: d.referenceId, contractId: d.contractId, contractTitle: d.contract.title, clientName: d.contract.client.name,
    freelancerName: d.contract.freelancer.name, weekStart: d.invoice.weekStart.toISOString(), status: d.status,
    awaitingAdminReview: d.status === "ESCALATED" || (d.status === "OPEN" && now >= d.respondBy),
    filedAt: d.filedAt.toISOString(), respondBy: d.respondBy.toISOString(), resolvedAt: d.resolvedAt?.toISOString() ?? null,
    segmentCount: d._count.segments, heldCents: d.heldCents, refundedCents: d.refundedCents,
  }));
}

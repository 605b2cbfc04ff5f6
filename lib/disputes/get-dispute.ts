import "server-only";
// A dispute as its client, its freelancer or an admin sees it; anyone else gets null (404).
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { DisputeStatus } from "@/lib/generated/prisma/enums";

export interface DisputeView {
  id: string;
  referenceId: string;
  contractId: string;
  invoiceId: string;
  weekStart: string;
  status: DisputeStatus;
  reason: string;
  filedAt: string;
  respondBy: string;
  respondedAt: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  /** the invoice amount of the disputed segments, integer cents */
  heldCents: number;
  refundedCents: number;
  segments: Array<{ segmentId: string; slotStart: string; protected: boolean; refunded: boolean }>;
}

export function disputeScope(user: CurrentUser) {
  return user.role === "ADMIN" ? {} : { contract: { OR: [{ clientId: user.id }, { freelancerId: user.id }] } };
}

export async function getDispute(user: CurrentUser, id: string): Promise<DisputeView | null> {
  const d = await db().dispute.findFirst({
    where: { id, ...disputeScope(user) },
    include: { invoice: { select: { weekStart: true } }, segments: { include: { segment: { select: { slotStart: true } } } } },
  });
  if (!d) return null;
  return {
    id: d.id, referenceId: d.referenceId, contractId: d.contractId, invoiceId: d.invoiceId, weekStart: d.invoice.weekStart.toISOString(), status: d.status,
    reason: d.reason, filedAt: d.filedAt.toISOString(), respondBy: d.respondBy.toISOString(), respondedAt: d.respondedAt?.toISOString() ?? null,
    resolvedAt: d.resolvedAt?.toISOString() ?? null, resolution: d.resolution, heldCents: d.heldCents, refundedCents: d.refundedCents,
    segments: d.segments
      .map((s) => ({ segmentId: s.segmentId, slotStart: s.segment.slotStart.toISOString(), protected: s.protected, refunded: s.refunded }))
      .sort((a, b) => a.slotStart.localeCompare(b.slotStart)),
  };
}

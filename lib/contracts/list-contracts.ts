import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { ContractStatus } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";

export interface ContractSummary {
  id: string;
  title: string;
  status: ContractStatus;
  clientName: string;
  freelancerName: string;
  hourlyRateCents: number;
  weeklyPaymentCents: number;
  manualTimeAllowed: boolean;
  /** the limit of the newest change already in effect; null = no limit */
  weeklyLimitMinutes: number | null;
  startsAt: string;
}

/** The contracts a user takes part in; admins see all. Ownership is in the query. */
export function contractScope(user: CurrentUser): Prisma.ContractWhereInput {
  if (user.role === "ADMIN") return {};
  return user.role === "CLIENT" ? { clientId: user.id } : { freelancerId: user.id };
}

export async function listContracts(user: CurrentUser, now: Date): Promise<ContractSummary[]> {
  const rows = await db().contract.findMany({
    where: contractScope(user),
    orderBy: [{ status: "asc" }, { title: "asc" }],
    include: {
      client: { select: { name: true } },
      freelancer: { select: { name: true } },
      limitChanges: { where: { effectiveFrom: { lte: now } }, orderBy: [{ effectiveFrom: "desc" }, { requestedAt: "desc" }], take: 1 },
    },
  });
  return rows.map((c) => ({
    id: c.id,
    title: c.title,
    status: c.status,
    clientName: c.client.name,
    freelancerName: c.freelancer.name,
    hourlyRateCents: c.hourlyRateCents,
    weeklyPaymentCents: c.weeklyPaymentCents,
    manualTimeAllowed: c.manualTimeAllowed,
    weeklyLimitMinutes: c.limitChanges[0]?.limitMinutes ?? null,
    startsAt: c.startsAt.toISOString(),
  }));
}

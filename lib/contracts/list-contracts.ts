import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { ContractStatus } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { describeLimit, limitView } from "./limits";

export interface ContractSummary {
  id: string;
  title: string;
  status: ContractStatus;
  clientName: string;
  freelancerName: string;
  hourlyRateCents: number;
  weeklyPaymentCents: number;
  manualTimeAllowed: boolean;
  /** R4.3 the limit in force now; null = no limit */
  weeklyLimitMinutes: number | null;
  /** e.g. "10 h now, 5 h from Mon 10 Jun" */
  weeklyLimitText: string;
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
      limitChanges: { orderBy: { requestedAt: "asc" }, select: { limitMinutes: true, requestedAt: true } },
    },
  });
  return rows.map((c) => {
    const limit = limitView(c.limitChanges, now);
    return {
    id: c.id,
    title: c.title,
    status: c.status,
    clientName: c.client.name,
    freelancerName: c.freelancer.name,
    hourlyRateCents: c.hourlyRateCents,
    weeklyPaymentCents: c.weeklyPaymentCents,
    manualTimeAllowed: c.manualTimeAllowed,
    weeklyLimitMinutes: limit.nowHours === null ? null : limit.nowHours * 60,
    weeklyLimitText: describeLimit(limit),
    startsAt: c.startsAt.toISOString(),
  };
  });
}

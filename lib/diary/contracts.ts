import "server-only";
// The contracts a Work Diary can show: the viewer's own (admins: all), ownership in every WHERE.
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { contractScope } from "@/lib/contracts/list-contracts";
import type { LimitRow } from "@/lib/contracts/limits";
import type { DiaryContract, DiaryContractOption, DiaryViewer } from "./types";

export interface DiaryContractRecord extends DiaryContract {
  clientId: string;
  freelancerId: string;
  startsAt: Date;
  clientVerified: boolean;
  limitRows: LimitRow[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same ownership rule as contractScope, for raw SQL over `contracts c`. */
export function contractScopeSql(user: CurrentUser): Prisma.Sql {
  if (user.role === "ADMIN") return Prisma.sql`TRUE`;
  return user.role === "CLIENT" ? Prisma.sql`c.client_id = ${user.id}::uuid` : Prisma.sql`c.freelancer_id = ${user.id}::uuid`;
}

/** The contract if the user is on it (admins: any), else null: the caller answers 404 either way. */
export async function findDiaryContract(user: CurrentUser, contractId: string): Promise<DiaryContractRecord | null> {
  if (!UUID.test(contractId)) return null;
  const c = await db().contract.findFirst({
    where: { id: contractId, ...contractScope(user) },
    select: {
      id: true,
      title: true,
      status: true,
      manualTimeAllowed: true,
      startsAt: true,
      clientId: true,
      freelancerId: true,
      client: { select: { name: true, paymentVerifiedAt: true } },
      freelancer: { select: { name: true, timezone: true } },
      limitChanges: { select: { limitMinutes: true, requestedAt: true }, orderBy: { requestedAt: "asc" } },
      pauses: { where: { endedAt: null }, select: { id: true }, take: 1 },
    },
  });
  if (!c) return null;
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    paused: c.status === "PAUSED" || c.pauses.length > 0,
    manualTimeAllowed: c.manualTimeAllowed,
    clientName: c.client.name,
    freelancerName: c.freelancer.name,
    freelancerTimezone: c.freelancer.timezone,
    clientId: c.clientId,
    freelancerId: c.freelancerId,
    startsAt: c.startsAt,
    clientVerified: c.client.paymentVerifiedAt !== null,
    limitRows: c.limitChanges,
  };
}

/**
 * The picker's list. Choice: offers not yet accepted are left out (no time can be logged on
 * them); active and paused contracts come first, then ended ones, each by title.
 */
export async function listDiaryContracts(user: CurrentUser): Promise<DiaryContractOption[]> {
  const rows = await db().contract.findMany({
    where: { ...contractScope(user), status: { not: "OFFER" } },
    select: { id: true, title: true, status: true, client: { select: { name: true } }, freelancer: { select: { name: true } } },
    orderBy: [{ title: "asc" }, { id: "asc" }],
  });
  const rank = { ACTIVE: 0, PAUSED: 0, ENDED: 1, OFFER: 2 } as const;
  return rows
    .sort((a, b) => rank[a.status] - rank[b.status])
    .map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      party: user.role === "FREELANCER" ? `for ${c.client.name}` : user.role === "CLIENT" ? `with ${c.freelancer.name}` : `${c.client.name} · ${c.freelancer.name}`,
    }));
}

export function viewerOf(user: CurrentUser, contract: { clientId: string; freelancerId: string }): DiaryViewer {
  if (user.id === contract.freelancerId) return "freelancer";
  if (user.id === contract.clientId) return "client";
  return "admin";
}

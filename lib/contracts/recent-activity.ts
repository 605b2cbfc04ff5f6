import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { contractScope } from "./list-contracts";

export interface ContractActivity {
  contractId: string;
  title: string;
  freelancerName: string;
  days: Array<{ day: string; tracked: number; manual: number; withScreenshot: number }>;
}

/** Segment counts per UTC day over the last `days` days, for the user's contracts. */
export async function recentActivity(user: CurrentUser, now: Date, days = 7): Promise<ContractActivity[]> {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const contracts = await db().contract.findMany({
    where: contractScope(user),
    orderBy: { title: "asc" },
    select: { id: true, title: true, freelancer: { select: { name: true } } },
  });
  if (contracts.length === 0) return [];
  const rows = await db().$queryRaw<Array<{ contract_id: string; day: string; tracked: number; manual: number; shots: number }>>`
    SELECT s.contract_id::text AS contract_id, to_char(date_trunc('day', s.slot_start AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
           count(*) FILTER (WHERE s.kind = 'TRACKED')::int AS tracked,
           count(*) FILTER (WHERE s.kind = 'MANUAL')::int AS manual,
           count(sc.id)::int AS shots
    FROM segments s LEFT JOIN screenshots sc ON sc.segment_id = s.id
    WHERE s.contract_id = ANY(${contracts.map((c) => c.id)}::uuid[]) AND s.deleted_at IS NULL
      AND s.slot_start >= ${since} AND s.slot_start <= ${now}
    GROUP BY 1, 2`;
  const dayList = Array.from({ length: days }, (_, i) => new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10));
  return contracts.map((c) => ({
    contractId: c.id,
    title: c.title,
    freelancerName: c.freelancer.name,
    days: dayList.map((day) => {
      const row = rows.find((r) => r.contract_id === c.id && r.day === day);
      return { day, tracked: row?.tracked ?? 0, manual: row?.manual ?? 0, withScreenshot: row?.shots ?? 0 };
    }),
  }));
}

import "server-only";
// The contracts a Work Diary can show: the viewer's own (admins: all), ownership in every WHERE.
import { sql } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
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

/**
 * The same ownership rule as contractScope, for SQL over `contracts c` with the user's id as
 * parameter `$n` (admins: any contract; the id is still bound, so every role's statement has the
 * same parameters). The Work Diary sends its reads through pg (sql()): it runs them on every load.
 */
export function contractScopeSql(user: CurrentUser, n: number): string {
  if (user.role === "ADMIN") return `$${n}::uuid IS NOT NULL`;
  return user.role === "CLIENT" ? `c.client_id = $${n}::uuid` : `c.freelancer_id = $${n}::uuid`;
}

interface ContractRow {
  id: string;
  title: string;
  status: DiaryContract["status"];
  manual_time_allowed: boolean;
  starts_at: Date;
  client_id: string;
  freelancer_id: string;
  client_name: string;
  client_verified: boolean;
  freelancer_name: string;
  freelancer_timezone: string;
  open_pause: boolean;
  limits: Array<{ m: number | null; at: string }> | string;
}

/**
 * The contract if the user is on it (admins: any), else null: the caller answers 404 either way.
 * One statement (parties, open pause, limit history as JSON): the diary reads it on every load.
 */
export async function findDiaryContract(user: CurrentUser, contractId: string): Promise<DiaryContractRecord | null> {
  if (!UUID.test(contractId)) return null;
  const { rows } = await sql().query<ContractRow>({
    name: `diary-contract-${user.role}`,
    text: `
      SELECT c.id::text AS id, c.title, c.status::text AS status, c.manual_time_allowed, c.starts_at,
             c.client_id::text AS client_id, c.freelancer_id::text AS freelancer_id,
             cu.name AS client_name, (cu.payment_verified_at IS NOT NULL) AS client_verified,
             fu.name AS freelancer_name, fu.timezone AS freelancer_timezone,
             EXISTS (SELECT 1 FROM contract_pauses p WHERE p.contract_id = c.id AND p.ended_at IS NULL) AS open_pause,
             COALESCE((SELECT json_agg(json_build_object('m', l.limit_minutes, 'at', l.requested_at) ORDER BY l.requested_at)
                       FROM weekly_limit_changes l WHERE l.contract_id = c.id), '[]'::json) AS limits
      FROM contracts c JOIN users cu ON cu.id = c.client_id JOIN users fu ON fu.id = c.freelancer_id
      WHERE c.id = $1::uuid AND ${contractScopeSql(user, 2)}`,
    values: [contractId, user.id],
  });
  const c = rows[0];
  if (!c) return null;
  const limits = typeof c.limits === "string" ? (JSON.parse(c.limits) as Array<{ m: number | null; at: string }>) : c.limits;
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    paused: c.status === "PAUSED" || c.open_pause,
    manualTimeAllowed: c.manual_time_allowed,
    clientName: c.client_name,
    freelancerName: c.freelancer_name,
    freelancerTimezone: c.freelancer_timezone,
    clientId: c.client_id,
    freelancerId: c.freelancer_id,
    startsAt: c.starts_at,
    clientVerified: c.client_verified,
    limitRows: limits.map((l) => ({ limitMinutes: l.m, requestedAt: new Date(l.at) })),
  };
}

/**
 * The picker's list. Choice: offers not yet accepted are left out (no time can be logged on
 * them); active and paused contracts come first, then ended ones, each by title.
 */
export async function listDiaryContracts(user: CurrentUser): Promise<DiaryContractOption[]> {
  // last_slot: the contract's latest live segment, one index probe each (segments(contract_id, slot_start)).
  const { rows } = await sql().query<{ id: string; title: string; status: DiaryContract["status"]; client_name: string; freelancer_name: string; last_slot: Date | null }>({
    name: `diary-contracts-${user.role}`,
    text: `
      SELECT c.id::text AS id, c.title, c.status::text AS status, cu.name AS client_name, fu.name AS freelancer_name,
             (SELECT s.slot_start FROM segments s WHERE s.contract_id = c.id AND s.deleted_at IS NULL ORDER BY s.slot_start DESC LIMIT 1) AS last_slot
      FROM contracts c JOIN users cu ON cu.id = c.client_id JOIN users fu ON fu.id = c.freelancer_id
      WHERE ${contractScopeSql(user, 1)} AND c.status IN ('ACTIVE', 'PAUSED', 'ENDED')
      ORDER BY (c.status = 'ENDED'), c.title, c.id`,
    values: [user.id],
  });
  return rows.map((c) => ({
    id: c.id,
    title: c.title,
    status: c.status,
    party: user.role === "FREELANCER" ? `for ${c.client_name}` : user.role === "CLIENT" ? `with ${c.freelancer_name}` : `${c.client_name} · ${c.freelancer_name}`,
    lastTrackedAt: c.last_slot ? c.last_slot.toISOString() : null,
  }));
}

/**
 * The contract the Work Diary opens without one in the URL. Choice: the one with the latest
 * live segment (tracked or manual: where work happened last), whatever its status; with no time
 * anywhere, the first active one by title, then the first listed (paused before ended).
 */
export function defaultDiaryContractId(options: readonly DiaryContractOption[]): string | undefined {
  let latest: DiaryContractOption | undefined;
  for (const o of options) if (o.lastTrackedAt && (!latest?.lastTrackedAt || o.lastTrackedAt > latest.lastTrackedAt)) latest = o;
  return (latest ?? options.find((o) => o.status === "ACTIVE") ?? options[0])?.id;
}

export function viewerOf(user: CurrentUser, contract: { clientId: string; freelancerId: string }): DiaryViewer {
  if (user.id === contract.freelancerId) return "freelancer";
  if (user.id === contract.clientId) return "client";
  return "admin";
}

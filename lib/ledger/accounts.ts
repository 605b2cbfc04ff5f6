import "server-only";
// R11 ledger accounts: per client (charges and refunds), per freelancer (in
// review, pending, available, held for disputes, paid out) and the platform's
// (fees, payout clearing). Created lazily and idempotently: the unique code is
// the identity, and the row id follows from it.
import { db } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { LedgerAccountKind } from "@/lib/generated/prisma/enums";
import { uuidFromKey } from "./ids";

export const FREELANCER_STATES = ["in_review", "pending", "available", "held", "paid_out"] as const;
export type FreelancerState = (typeof FREELANCER_STATES)[number];

const FREELANCER_KIND: Record<FreelancerState, LedgerAccountKind> = {
  in_review: "FREELANCER_IN_REVIEW",
  pending: "FREELANCER_PENDING",
  available: "FREELANCER_AVAILABLE",
  held: "FREELANCER_HELD",
  paid_out: "FREELANCER_PAID_OUT",
};

export const PLATFORM_FEES = "platform:fees";
export const PLATFORM_PAYOUT_CLEARING = "platform:payout_clearing";

export interface AccountSpec {
  code: string;
  kind: LedgerAccountKind;
  ownerId: string | null;
  /** only the client's account may go negative: it is the money the client paid in */
  allowNegative: boolean;
}

export const freelancerAccount = (userId: string, state: FreelancerState) => `freelancer:${userId}:${state}`;
export const clientAccount = (userId: string) => `client:${userId}:charges`;

export function freelancerAccountSpecs(userId: string): AccountSpec[] {
  return FREELANCER_STATES.map((state) => ({ code: freelancerAccount(userId, state), kind: FREELANCER_KIND[state], ownerId: userId, allowNegative: false }));
}

export function clientAccountSpecs(userId: string): AccountSpec[] {
  return [{ code: clientAccount(userId), kind: "CLIENT_CHARGES", ownerId: userId, allowNegative: true }];
}

export function platformAccountSpecs(): AccountSpec[] {
  return [
    { code: PLATFORM_FEES, kind: "PLATFORM_FEES", ownerId: null, allowNegative: false },
    { code: PLATFORM_PAYOUT_CLEARING, kind: "PLATFORM_PAYOUT_CLEARING", ownerId: null, allowNegative: false },
  ];
}

export function freelancerStateOfKind(kind: LedgerAccountKind): FreelancerState | null {
  const found = (Object.entries(FREELANCER_KIND) as Array<[FreelancerState, LedgerAccountKind]>).find(([, k]) => k === kind);
  return found ? found[0] : null;
}

// Ids of accounts known to exist, per database client (tests switch databases).
const known = new WeakMap<PrismaClient, Map<string, string>>();

/**
 * Makes sure the accounts exist and returns code -> id. Runs on its own, outside
 * any booking transaction: creating an empty account is harmless to commit, and
 * a rolled-back booking must not leave the cache believing in an account.
 */
export async function ensureAccounts(specs: readonly AccountSpec[]): Promise<Map<string, string>> {
  const client = db();
  let cache = known.get(client);
  if (!cache) known.set(client, (cache = new Map()));
  const missing = new Map<string, AccountSpec>();
  for (const s of specs) if (!cache.has(s.code)) missing.set(s.code, s);
  if (missing.size > 0) {
    const rows = JSON.stringify([...missing.values()].map((s) => ({ id: uuidFromKey(`account:${s.code}`), code: s.code, kind: s.kind, owner_id: s.ownerId, allow_negative: s.allowNegative })));
    await client.$executeRaw`
      INSERT INTO ledger_accounts (id, code, kind, owner_id, allow_negative)
      SELECT x.id, x.code, x.kind::"LedgerAccountKind", x.owner_id, x.allow_negative
      FROM json_to_recordset(${rows}::json) AS x(id uuid, code text, kind text, owner_id uuid, allow_negative boolean)
      ORDER BY x.code
      ON CONFLICT (code) DO NOTHING`;
    const found = await client.$queryRaw<Array<{ id: string; code: string }>>`
      SELECT id::text AS id, code FROM ledger_accounts WHERE code = ANY(${[...missing.keys()]}::text[])`;
    for (const r of found) cache.set(r.code, r.id);
  }
  const out = new Map<string, string>();
  for (const s of specs) {
    const id = cache.get(s.code);
    if (!id) throw new Error(`ledger account ${s.code} could not be created`);
    out.set(s.code, id);
  }
  return out;
}

/** Id of an account that ensureAccounts has already created (throws otherwise: a programming error). */
export function idOf(ids: Map<string, string>, code: string): string {
  const id = ids.get(code);
  if (!id) throw new Error(`ledger account ${code} was not ensured`);
  return id;
}

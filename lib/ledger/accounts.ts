// No "server-only" marker: the demo seed runs this in plain Node, outside Next's react-server condition.
// R11 ledger accounts: per client (charges and refunds), per freelancer (in
// review, pending, available, held for disputes, paid out) and the platform's
// (fees, payout clearing). Created lazily and idempotently: the unique code is
// the identity, and the row id follows from it.
import { db, sql } from "@/lib/db/client";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
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

/**
 * Choice: payout clearing and withdrawal fees are split over 16 platform shards, fixed per freelancer,
 * so concurrent withdrawals do not queue on one row lock and a settlement returns to the same account.
 */
export const PAYOUT_SHARDS = 16;
export const payoutShardOf = (userId: string) => String(parseInt(userId.slice(0, 2), 16) % PAYOUT_SHARDS).padStart(2, "0");
export const payoutClearingAccount = (userId: string) => `platform:payout_clearing:${payoutShardOf(userId)}`;
export const withdrawalFeesAccount = (userId: string) => `platform:fees:withdrawals:${payoutShardOf(userId)}`;

export interface AccountSpec {
  code: string;
  kind: LedgerAccountKind;
  ownerId: string | null;
  /** only the client's account may go negative: it is the money the client paid in */
  allowNegative: boolean;
}

export const freelancerAccount = (userId: string, state: FreelancerState) => `freelancer:${userId}:${state}`;
/**
 * R14.5 the client's receivable: invoices, bonuses and dispute refunds book to it (negative = the client owes);
 * a successful charge brings it back toward 0 from `clientPaymentsAccount`.
 */
export const clientAccount = (userId: string) => `client:${userId}:charges`;
/** R14.5 the same account under the name client billing gives it. */
export const clientReceivable = (userId: string): string => clientAccount(userId);
/** R14.5 money the client paid in through the payment provider (goes negative as they pay). */
export const clientPaymentsAccount = (userId: string) => `client:${userId}:payments`;
/** R14.4 the platform's Hourly Protection guarantee: funds protected earnings of unpaid weeks. */
export const PLATFORM_PROTECTION = "platform:protection";
/** R14.4 the platform's loss on written-off charges (the fees of their protected lines). */
export const PLATFORM_LOSS = "platform:loss";

export function freelancerAccountSpecs(userId: string): AccountSpec[] {
  return FREELANCER_STATES.map((state) => ({ code: freelancerAccount(userId, state), kind: FREELANCER_KIND[state], ownerId: userId, allowNegative: false }));
}

export function clientAccountSpecs(userId: string): AccountSpec[] {
  return [{ code: clientAccount(userId), kind: "CLIENT_CHARGES", ownerId: userId, allowNegative: true }];
}

/** R14.5 the client's payments account and the platform's protection and loss accounts (all may go negative). */
export function clientBillingAccountSpecs(userId: string): AccountSpec[] {
  return [
    ...clientAccountSpecs(userId),
    { code: clientPaymentsAccount(userId), kind: "CLIENT_PAYMENTS", ownerId: userId, allowNegative: true },
    { code: PLATFORM_PROTECTION, kind: "PLATFORM_PROTECTION", ownerId: null, allowNegative: true },
    { code: PLATFORM_LOSS, kind: "PLATFORM_LOSS", ownerId: null, allowNegative: true },
  ];
}

export function platformAccountSpecs(): AccountSpec[] {
  return [{ code: PLATFORM_FEES, kind: "PLATFORM_FEES", ownerId: null, allowNegative: false }];
}

/** The freelancer's payout shard: clearing and withdrawal fees. */
export function payoutAccountSpecs(userId: string): AccountSpec[] {
  return [
    { code: payoutClearingAccount(userId), kind: "PLATFORM_PAYOUT_CLEARING", ownerId: null, allowNegative: false },
    { code: withdrawalFeesAccount(userId), kind: "PLATFORM_FEES", ownerId: null, allowNegative: false },
  ];
}

export function freelancerStateOfKind(kind: LedgerAccountKind): FreelancerState | null {
  const found = (Object.entries(FREELANCER_KIND) as Array<[FreelancerState, LedgerAccountKind]>).find(([, k]) => k === kind);
  return found ? found[0] : null;
}

/** The id of the account with this code: derived from it (every account is created here, or by hourglass_uuid in SQL, with this id). */
export const accountIdOf = (code: string) => uuidFromKey(`account:${code}`);

// Codes of accounts known to exist, per database client (tests switch databases).
const known = new WeakMap<PrismaClient, Set<string>>();
/**
 * Choice: a bounded memory: past this many codes it starts over (a forgotten account costs one index
 * probe). Unbounded, a long-lived worker kept every account of every week it closed: ~270,000 codes,
 * ~55 MB, at 100,000 contracts (issue 17: no step holds a whole week; bench/close-scale.bench.ts).
 */
const KNOWN_MAX = 20_000;

function knownSet(): Set<string> {
  const client = db();
  let set = known.get(client);
  if (!set) known.set(client, (set = new Set()));
  if (set.size > KNOWN_MAX) set.clear();
  return set;
}

/**
 * Makes sure the accounts exist and returns code -> id; without `tx` it commits on its own and caches them.
 * Inside a transaction pass its `tx`: waiting there for a second pool connection can freeze the pool.
 */
export async function ensureAccounts(specs: readonly AccountSpec[], tx?: Prisma.TransactionClient): Promise<Map<string, string>> {
  const cache = knownSet();
  const missing = new Map<string, AccountSpec>();
  for (const s of specs) if (!cache.has(s.code)) missing.set(s.code, s);
  if (missing.size > 0) {
    // in code order, so two transactions creating the same accounts wait on them in one order
    const rows = JSON.stringify([...missing.values()].sort((a, b) => (a.code < b.code ? -1 : 1)).map((s) => ({ code: s.code, kind: s.kind, owner_id: s.ownerId, allow_negative: s.allowNegative })));
    // Only ON CONFLICT, no NOT EXISTS filter: an anti-join planned as a nested loop would
    // rescan every row the same statement had inserted so far (quadratic; seen at 60k rows).
    await (tx ?? db()).$executeRaw`
      INSERT INTO ledger_accounts (id, code, kind, owner_id, allow_negative)
      SELECT hourglass_uuid('account:' || x.code), x.code, x.kind::"LedgerAccountKind", x.owner_id, x.allow_negative
      FROM json_to_recordset(${rows}::json) AS x(code text, kind text, owner_id uuid, allow_negative boolean)
      ON CONFLICT (code) DO NOTHING`;
    if (!tx) for (const code of missing.keys()) cache.add(code);
  }
  return new Map(specs.map((s) => [s.code, accountIdOf(s.code)]));
}

/**
 * The weekly close's ensureAccounts: every account of these users and the platform's, set-based from the ids
 * (codes spelled as freelancerAccount / clientAccount spell them); existing ones cost one index probe.
 * Through sql(): tens of thousands of ids in one parameter.
 */
export async function ensureAccountsForUsers(freelancerIds: readonly string[], clientIds: readonly string[]): Promise<void> {
  const cache = knownSet();
  const freelancers = freelancerIds.filter((id) => !cache.has(freelancerAccount(id, "paid_out")));
  const clients = clientIds.filter((id) => !cache.has(clientAccount(id)));
  if (freelancers.length === 0 && clients.length === 0 && cache.has(PLATFORM_FEES)) return;
  // freelancers' accounts are made all five at once, so their paid-out account stands for the set
  const { rows: missing } = await sql().query<{ id: string; freelancer: boolean }>({
    name: "accounts:missing-for-users",
    text: `
      SELECT w.id, w.freelancer FROM (SELECT unnest($1::uuid[])::text AS id, true AS freelancer UNION ALL SELECT unnest($2::uuid[])::text, false) w
      WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.code = CASE WHEN w.freelancer THEN 'freelancer:' || w.id || ':paid_out' ELSE 'client:' || w.id || ':charges' END)`,
    values: [`{${freelancers.join(",")}}`, `{${clients.join(",")}}`],
  });
  const specs = [...platformAccountSpecs(), ...missing.flatMap((m) => (m.freelancer ? freelancerAccountSpecs(m.id) : clientAccountSpecs(m.id)))];
  // Only ON CONFLICT, no NOT EXISTS in the INSERT itself: see ensureAccounts.
  await sql().query({
    name: "accounts:create-for-users",
    text: `
      INSERT INTO ledger_accounts (id, code, kind, owner_id, allow_negative)
      SELECT hourglass_uuid('account:' || x.code), x.code, x.kind::"LedgerAccountKind", x.owner_id, x.allow_negative
      FROM json_to_recordset($1::json) AS x(code text, kind text, owner_id uuid, allow_negative boolean)
      ON CONFLICT (code) DO NOTHING`,
    values: [JSON.stringify(specs.map((s) => ({ code: s.code, kind: s.kind, owner_id: s.ownerId, allow_negative: s.allowNegative })))],
  });
  for (const id of freelancers) for (const state of FREELANCER_STATES) cache.add(freelancerAccount(id, state));
  for (const id of clients) cache.add(clientAccount(id));
  for (const s of platformAccountSpecs()) cache.add(s.code);
}

/** Id of an account that ensureAccounts has already created (throws otherwise: a programming error). */
export function idOf(ids: Map<string, string>, code: string): string {
  const id = ids.get(code);
  if (!id) throw new Error(`ledger account ${code} was not ensured`);
  return id;
}

import "server-only";
// R10.2 / R10.4 withdraw now: only from the available balance, the method's fee out of the amount, once per
// idempotency key (same request, same result; different, 409). The booking writes only if the balance under
// its row lock covers the amount, and a CHECK refuses any overdraft anyway.
// Choice: a refused request uses up no key, so a retry with the same key goes through once the money is there.
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { ApiError, invalid, notFound, rule } from "@/lib/errors";
import { isBillingError, quoteWithdrawal } from "@/lib/billing";
import { ensureAccounts, freelancerAccount, freelancerAccountSpecs, idOf, payoutAccountSpecs, payoutClearingAccount, withdrawalFeesAccount } from "@/lib/ledger/accounts";
import { insertEntriesCte, insertTransfersCte, transferIdOf } from "@/lib/ledger/book";
import { withdrawalRefusal } from "./refusals";
import { KIND_LABEL } from "./display";
import type { PayoutMethodKind, WithdrawalStatus } from "@/lib/config/rules";
import { referenceId, uuidFromKey } from "@/lib/ledger/ids";
import { matureDueEarnings } from "@/lib/ledger/mature-earnings";
import { notify } from "@/lib/realtime/notify";
import { isOverdraft } from "@/lib/ledger/pg-errors";

export interface WithdrawInput {
  amountCents: number;
  methodId: string;
  idempotencyKey: string;
  /** R10.3 made by the payout schedule */
  scheduled?: boolean;
}

export interface WithdrawalView {
  id: string;
  referenceId: string;
  methodId: string;
  amountCents: number;
  feeCents: number;
  netCents: number;
  status: WithdrawalStatus;
  scheduled: boolean;
  requestedAt: string;
  settledAt: string | null;
  failureReason: string | null;
}

export interface WithdrawResult {
  withdrawal: WithdrawalView;
  /** true when the idempotency key had already been used for this same withdrawal */
  replayed: boolean;
}

interface WithdrawalRow {
  id: string;
  reference_id: string;
  method_id: string;
  amount_cents: number;
  fee_cents: number;
  net_cents: number;
  status: WithdrawalView["status"];
  scheduled: boolean;
  requested_at: string | Date;
  settled_at: string | Date | null;
  failure_reason: string | null;
}

const iso = (d: string | Date | null) => (d === null ? null : new Date(d).toISOString());

export function withdrawalView(w: WithdrawalRow): WithdrawalView {
  return {
    id: w.id, referenceId: w.reference_id, methodId: w.method_id, amountCents: w.amount_cents, feeCents: w.fee_cents, netCents: w.net_cents,
    status: w.status, scheduled: w.scheduled, requestedAt: iso(w.requested_at)!, settledAt: iso(w.settled_at), failureReason: w.failure_reason,
  };
}

function replay(existing: WithdrawalRow, input: WithdrawInput): WithdrawResult {
  if (existing.amount_cents !== input.amountCents || existing.method_id !== input.methodId) {
    throw new ApiError("conflict", "This idempotency key was already used for a different withdrawal.", { fields: { idempotencyKey: "Already used for a different amount or method." } });
  }
  return { withdrawal: withdrawalView(existing), replayed: true };
}

interface Snapshot {
  method: { id: string; kind: string; created_at: string } | null;
  existing: WithdrawalRow | null;
  available: bigint | null;
  due: number;
}

async function snapshot(userId: string, input: WithdrawInput, now: Date): Promise<Snapshot> {
  const [row] = await db().$queryRaw<Snapshot[]>`
    SELECT
      (SELECT json_build_object('id', m.id, 'kind', m.kind, 'created_at', m.created_at) FROM payout_methods m
        WHERE m.id = ${input.methodId}::uuid AND m.user_id = ${userId}::uuid AND m.removed_at IS NULL) AS method,
      (SELECT row_to_json(w) FROM withdrawals w WHERE w.user_id = ${userId}::uuid AND w.idempotency_key = ${input.idempotencyKey}) AS existing,
      (SELECT a.balance_cents FROM ledger_accounts a WHERE a.code = ${freelancerAccount(userId, "available")}) AS available,
      (SELECT count(*)::int FROM ledger_maturities d WHERE d.user_id = ${userId}::uuid AND d.due_at <= ${now}) AS due`;
  return row!;
}

interface KnownMethod {
  userId: string;
  kind: string;
  createdAt: Date;
}

// A method's owner, kind and creation instant never change (removal is checked in the booking
// statement itself), so they are kept per database client once read.
const knownMethods = new WeakMap<object, Map<string, KnownMethod>>();
function methodCache(): Map<string, KnownMethod> {
  let cache = knownMethods.get(db());
  if (!cache) knownMethods.set(db(), (cache = new Map()));
  return cache;
}

/**
 * R10.2 withdraws `amountCents` (fee included) from the caller's available balance: usually one booking
 * statement; only when it books nothing does a slower path find why (repeat key, 404 method, unbooked maturity, 422).
 */
export async function withdraw(user: { id: string }, input: WithdrawInput, now: Date): Promise<WithdrawResult> {
  let method = methodCache().get(input.methodId);
  if (!method || method.userId !== user.id) {
    const snap = await snapshot(user.id, input, now);
    if (snap.existing) return replay(snap.existing, input);
    if (!snap.method) throw notFound("No such payout method.");
    method = { userId: user.id, kind: snap.method.kind, createdAt: new Date(snap.method.created_at) };
    methodCache().set(input.methodId, method);
  }
  const booked = await book(user, input, method, now);
  if (booked) return booked;
  // nothing was booked: find out why
  let snap = await snapshot(user.id, input, now);
  if (snap.existing) return replay(snap.existing, input);
  if (!snap.method) throw notFound("No such payout method.");
  if (snap.due > 0) {
    // money whose maturity is due counts as available (R6.3): book it, then try again
    await matureDueEarnings(now, { userId: user.id });
    const again = await book(user, input, method, now);
    if (again) return again;
    snap = await snapshot(user.id, input, now);
    if (snap.existing) return replay(snap.existing, input);
  }
  // lib/billing names the reason against the balance as it is now
  const availableCents = Number(snap.available ?? 0n);
  rule(() => {
    try {
      quoteWithdrawal({ amountCents: input.amountCents, availableCents, method: method.kind, methodAddedAt: method.createdAt, now });
    } catch (error) {
      // the refusal names the date or the amount (lib/payouts/refusals), as the form does
      const refusal = isBillingError(error) ? withdrawalRefusal(error, { kind: method.kind as PayoutMethodKind, addedAt: method.createdAt, availableCents }) : null;
      throw refusal ? invalid(refusal.field, refusal.message) : error;
    }
  }, { method: "methodId" });
  throw insufficient();
}

/** The booking statement; null when it booked nothing (key already used, method gone, or not enough money under the lock). */
async function book(user: { id: string }, input: WithdrawInput, method: KnownMethod, now: Date): Promise<WithdrawResult | null> {
  // R10.1 / R10.2 fee, net and the method's hold from the rules; the balance itself is checked under
  // the lock below, so the quote is asked only about the rest (the amount against itself)
  let quote: ReturnType<typeof quoteWithdrawal>;
  try {
    quote = quoteWithdrawal({ amountCents: input.amountCents, availableCents: input.amountCents, method: method.kind, methodAddedAt: method.createdAt, now });
  } catch (error) {
    if (isBillingError(error)) return null; // the slower path checks the key first, then names the rule
    throw error;
  }
  const accounts = await ensureAccounts([...freelancerAccountSpecs(user.id), ...payoutAccountSpecs(user.id)]);
  const available = idOf(accounts, freelancerAccount(user.id, "available"));
  const key = `withdrawal:${user.id}:${input.idempotencyKey}`;
  const id = uuidFromKey(key);
  const ref = referenceId("WDR", now, key);
  const at = now.toISOString();
  // Transaction History shows the description: the method by its label, never its stored name (LOCAL_BANK)
  const kind = KIND_LABEL[method.kind as PayoutMethodKind];
  const transfers = [
    { id: transferIdOf(`withdrawal:${id}`), reference_id: ref, type: "WITHDRAWAL", description: `Withdrawal ${ref} (${kind})`, idempotency_key: `withdrawal:${id}` },
  ];
  const entries = [
    { transfer_id: transfers[0]!.id, account_id: available, amount_cents: -quote.netCents },
    { transfer_id: transfers[0]!.id, account_id: idOf(accounts, payoutClearingAccount(user.id)), amount_cents: quote.netCents },
  ];
  if (quote.feeCents > 0) {
    const feeId = transferIdOf(`withdrawal:${id}:fee`);
    transfers.push({ id: feeId, reference_id: `${ref}-F`, type: "WITHDRAWAL_FEE", description: `Withdrawal fee (${kind}) for ${ref}`, idempotency_key: `withdrawal:${id}:fee` });
    entries.push({ transfer_id: feeId, account_id: available, amount_cents: -quote.feeCents }, { transfer_id: feeId, account_id: idOf(accounts, withdrawalFeesAccount(user.id)), amount_cents: quote.feeCents });
  }

  let outcome: Array<{ inserted: number }>;
  try {
    // One statement: lock the available account; write only if the method is still the caller's
    // and the balance under the lock covers the amount.
    outcome = await db().$queryRaw`
      WITH acct AS (
        SELECT balance_cents FROM ledger_accounts WHERE id = ${available}::uuid FOR UPDATE
      ), w AS (
        INSERT INTO withdrawals (id, reference_id, user_id, method_id, amount_cents, fee_cents, net_cents, idempotency_key, scheduled, status, requested_at)
        SELECT ${id}::uuid, ${ref}, ${user.id}::uuid, ${input.methodId}::uuid, ${quote.amountCents}, ${quote.feeCents}, ${quote.netCents}, ${input.idempotencyKey},
          ${input.scheduled ?? false}, 'PROCESSING', ${at}::timestamptz
        FROM acct
        WHERE acct.balance_cents >= ${quote.amountCents}
          AND EXISTS (SELECT 1 FROM payout_methods m WHERE m.id = ${input.methodId}::uuid AND m.user_id = ${user.id}::uuid AND m.removed_at IS NULL)
        ON CONFLICT (user_id, idempotency_key) DO NOTHING
        RETURNING id
      ), ${insertTransfersCte(
        "t",
        Prisma.sql`SELECT x.*, ${at}::timestamptz AS created_at, w.id AS withdrawal_id
          FROM json_to_recordset(${JSON.stringify(transfers)}::json) AS x(id uuid, reference_id text, type text, description text, idempotency_key text) CROSS JOIN w`,
        ["withdrawal_id"],
        // the withdrawal's own key made the statement idempotent: a transfer already there would be a bug, so it fails
        { skipBooked: false },
      )}, ${insertEntriesCte(
        "e",
        Prisma.sql`SELECT x.*, ${at}::timestamptz AS created_at
          FROM json_to_recordset(${JSON.stringify(entries)}::json) AS x(transfer_id uuid, account_id uuid, amount_cents bigint)`,
        "t",
      )}
      SELECT (SELECT count(*)::int FROM w) AS inserted`;
  } catch (error) {
    if (isOverdraft(error)) return null;
    throw error;
  }
  if (outcome[0]?.inserted !== 1) return null;

  // Choice: the payout job hands it to the provider (an outbox, within 30 s): a provider call never holds up, or fails, the booking.
  await notify([{ userId: user.id, event: "withdrawal-updated", data: { id } }]);
  return {
    withdrawal: {
      id, referenceId: ref, methodId: input.methodId, amountCents: quote.amountCents, feeCents: quote.feeCents, netCents: quote.netCents,
      status: "PROCESSING", scheduled: input.scheduled ?? false, requestedAt: at, settledAt: null, failureReason: null,
    },
    replayed: false,
  };
}

function insufficient(): ApiError {
  return new ApiError("validation_failed", "The amount is more than the available balance.", { fields: { amountCents: "More than the available balance." } });
}

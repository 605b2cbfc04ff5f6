// No "server-only" marker: the demo seed runs this in plain Node, outside Next's react-server condition.
// R8 / R14.2 a client pays a bonus (active contract or ended within 365 days, verified payment, within the limit), charged on their default billing method at once:
// both fees, not protected, available 5 days after payment. Same idempotency key, same bonus; a different one is 409.
import { db } from "@/lib/db/client";
import { ApiError, invalid, notFound, rule } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { assertBonusWithinLimit, bonusPayment, canPayBonus } from "@/lib/billing";
import { bonusMaxCents } from "@/lib/config/rules";
import { wasAccepted } from "@/lib/contracts/status";
import { transaction } from "@/lib/ledger/db";
import { bookBonus, callProvider, settleDeclined, startAttempts, type BonusDraft, type ChargeRow, type ClaimedAttempt, type Outcome } from "@/lib/client-billing/charges";
import { paymentProvider } from "@/lib/client-billing/provider";
import { ProviderUnavailableError } from "@/lib/client-billing/provider-types";
import { referenceId, uuidFromKey } from "@/lib/ledger/ids";
import type { Bonus } from "@/lib/generated/prisma/client";

export interface PayBonusInput {
  contractId: string;
  amountCents: number;
  memo: string;
  idempotencyKey: string;
}

export interface BonusView {
  id: string;
  referenceId: string;
  contractId: string;
  amountCents: number;
  clientFeeCents: number;
  serviceFeeCents: number;
  memo: string;
  paidAt: string;
  availableAt: string;
}

export function bonusView(b: Bonus, availableAt: Date): BonusView {
  return {
    id: b.id, referenceId: b.referenceId, contractId: b.contractId, amountCents: b.amountCents, clientFeeCents: b.clientFeeCents,
    serviceFeeCents: b.serviceFeeCents, memo: b.memo, paidAt: b.paidAt.toISOString(), availableAt: availableAt.toISOString(),
  };
}

function replay(existing: Bonus, input: PayBonusInput): { bonus: BonusView; replayed: true } {
  if (existing.contractId !== input.contractId || existing.amountCents !== input.amountCents || existing.memo !== input.memo) {
    throw new ApiError("conflict", "This idempotency key was already used for a different bonus.", { fields: { idempotencyKey: "Already used for a different bonus." } });
  }
  return { bonus: bonusView(existing, bonusPayment(existing.amountCents, existing.paidAt).availableAt), replayed: true };
}

/**
 * R8 / R14.2 pays a bonus: its charge is made on the client's default billing method first, with the bonus's
 * idempotency key sent to the provider; only a successful charge makes the bonus (its row, its transfer and the
 * CHARGE transfer in one transaction). A decline is a 422 naming the decline, and no bonus exists.
 * Choice: a repeat of a declined request (same key) answers the same decline without charging again, as a
 * payment provider answers a repeated idempotency key; a new attempt takes a new key.
 * Choice: while the provider's answer is lost, the request answers 409 and a repeat with the same key
 * reconciles it (findCharge), so the bonus is made once the charge is known to have succeeded. A client who never
 * repeats it (or a request that died mid-call) is reconciled by the charges job from the bonus kept with the charge
 * (processDueCharges): a charge the provider made books its bonus, one it never made ends FAILED with none.
 */
export async function payBonus(user: CurrentUser, input: PayBonusInput, now: Date): Promise<{ bonus: BonusView; replayed: boolean }> {
  const prisma = db();
  const started = await startBonusCharge(user, input, now);
  if ("replayed" in started) return started;
  const { attempt, draft, pay, key } = started;
  let outcome: Outcome = await callProvider(attempt);
  if (outcome.status === "unknown") {
    const found = await paymentProvider().findCharge(attempt.idempotencyKey).catch((error: unknown) => {
      if (error instanceof ProviderUnavailableError) return null;
      throw error;
    });
    if (found) outcome = found.status === "succeeded" ? { status: "succeeded", providerChargeId: found.providerChargeId } : { status: "declined", code: found.code, message: found.message };
  }
  if (outcome.status === "unknown") {
    await prisma.chargeAttempt.updateMany({ where: { id: attempt.attemptId, outcome: "PROCESSING" }, data: { outcome: "UNKNOWN" } });
    throw new ApiError("conflict", "The payment provider did not answer. Try again with the same idempotency key: you will not be charged twice.");
  }
  if (outcome.status === "declined") {
    const declined = outcome;
    await transaction((tx) => settleDeclined(tx, attempt, declined, now));
    throw declinedError(declined.message);
  }
  const providerChargeId = outcome.providerChargeId;
  const created = await transaction((tx) => bookBonus(tx, draft, attempt, providerChargeId, now));
  const row = await prisma.bonus.findUniqueOrThrow({ where: { idempotencyKey: key } });
  if (!created) return replay(row, input);
  return { bonus: bonusView(row, pay.availableAt), replayed: false };
}

/**
 * The first half of payBonus: checks the request and commits the bonus's charge with its attempt (PROCESSING, the
 * bonus asked for kept with the charge) before any provider call; the attempt another request with the key made
 * when there is one. A bonus already paid under the key is answered as a replay.
 */
export async function startBonusCharge(user: CurrentUser, input: PayBonusInput, now: Date): Promise<
  { bonus: BonusView; replayed: true } | { attempt: ClaimedAttempt; draft: BonusDraft; pay: ReturnType<typeof bonusPayment>; key: string }
> {
  const prisma = db();
  // Choice: idempotency keys are per client (two clients may pick the same key)
  const key = `${user.id}:${input.idempotencyKey}`;
  const existing = await prisma.bonus.findUnique({ where: { idempotencyKey: key } });
  if (existing) return replay(existing, input);
  const contract = await prisma.contract.findFirst({ where: { id: input.contractId, clientId: user.id }, include: { client: { select: { paymentVerifiedAt: true } } } });
  if (!contract) throw notFound("No such contract.");
  // Choice: a paused contract is still active for bonuses; an offer not yet accepted is not
  const payable = wasAccepted(contract.status) && rule(() => canPayBonus({ startedAt: contract.startsAt, endedAt: contract.endedAt }, now), { startedAt: "contractId", endedAt: "contractId" });
  if (!payable) throw invalid("contractId", "A bonus can be paid while the contract is active or up to 365 days after it ended.");
  // R5 / R14.1 a client pays a bonus only while payment verified
  const verifiedAt = contract.client.paymentVerifiedAt;
  if (verifiedAt === null || verifiedAt > now) {
    throw new ApiError("validation_failed", "A bonus needs a verified payment method, and this client's payment method is not verified yet.", {
      fields: { paymentMethod: "Not verified: add and verify a billing method in Settings › Billing before paying a bonus." },
    });
  }
  rule(() => assertBonusWithinLimit(input.amountCents, bonusMaxCents()));
  const pay = rule(() => bonusPayment(input.amountCents, now));

  // R14.2 the charge first: one per bonus key, committed with its attempt (and the bonus asked for) before the provider is asked
  const draft: BonusDraft = { contractId: contract.id, amountCents: input.amountCents, memo: input.memo, payerId: user.id, key };
  const chargeKey = `charge:bonus:${key}`;
  const chargeId = uuidFromKey(chargeKey);
  const begun = await transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO charges (id, reference_id, client_id, kind, amount_cents, status, attempts, bonus_draft, created_at)
      VALUES (${chargeId}::uuid, ${referenceId("CHG", now, chargeKey)}, ${user.id}::uuid, 'BONUS', ${pay.clientTotalCents}, 'PENDING', 0,
        ${JSON.stringify(draft)}::jsonb, ${now})
      ON CONFLICT (id) DO NOTHING`;
    const [row] = await tx.$queryRaw<ChargeRow[]>`
      SELECT id::text AS id, reference_id, client_id::text AS client_id, kind::text AS kind, week_start, amount_cents, attempts FROM charges WHERE id = ${chargeId}::uuid FOR UPDATE`;
    if (row!.amount_cents !== pay.clientTotalCents) throw new ApiError("conflict", "This idempotency key was already used for a different bonus.", { fields: { idempotencyKey: "Already used for a different bonus." } });
    if (row!.attempts > 0) return null;
    return (await startAttempts(tx, [row!], () => "bonus", now, { idempotencyKey: () => `hg-bonus:${key}` }))[0] ?? null;
  });
  const attempt = begun ?? (await earlierAttempt(chargeId, now));
  return { attempt, draft, pay, key };
}

function declinedError(message: string): ApiError {
  return new ApiError("validation_failed", `The bonus was not paid: ${message}`, { fields: { billingMethod: `Declined: ${message}` } });
}

/**
 * The attempt another request with the same key made: a decline answers the same again, a success makes the
 * bonus (a second request waits for the first's answer, up to a few seconds, then gets 409).
 */
async function earlierAttempt(chargeId: string, now: Date): Promise<ClaimedAttempt> {
  for (let i = 0; ; i++) {
    const charge = await db().charge.findUniqueOrThrow({ where: { id: chargeId }, include: { chargeAttempts: { orderBy: { number: "desc" }, take: 1 } } });
    const a = charge.chargeAttempts[0];
    if (a?.outcome === "DECLINED") throw declinedError(a.failureMessage ?? "the payment was declined.");
    const settled = a && (a.outcome === "SUCCEEDED" || a.outcome === "UNKNOWN" || now.getTime() - a.startedAt.getTime() > 120_000);
    if (a && settled) {
      const method = a.methodId ? await db().billingMethod.findUnique({ where: { id: a.methodId }, select: { providerToken: true } }) : null;
      return {
        attemptId: a.id, number: a.number, trigger: "bonus", idempotencyKey: a.idempotencyKey, token: method?.providerToken ?? null,
        charge: { id: charge.id, referenceId: charge.referenceId, clientId: charge.clientId, amountCents: charge.amountCents, kind: charge.kind, weekStart: charge.weekStart },
      };
    }
    if (i >= 100) throw new ApiError("conflict", "This bonus is being paid by another request. Try again in a moment.");
    await new Promise((r) => setTimeout(r, 100));
  }
}

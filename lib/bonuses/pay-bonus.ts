// No "server-only" marker: the demo seed runs this in plain Node, outside Next's react-server condition.
// R8 a client pays a bonus (active contract or ended within 365 days, verified payment, within the limit):
// both fees, not protected, available 5 days after payment. Same idempotency key, same bonus; a different one is 409.
import { db } from "@/lib/db/client";
import { ApiError, invalid, notFound, rule } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { assertBonusWithinLimit, bonusPayment, canPayBonus } from "@/lib/billing";
import { bonusMaxCents } from "@/lib/config/rules";
import { formatCents } from "@/lib/format/money";
import { wasAccepted } from "@/lib/contracts/status";
import { PLATFORM_FEES, clientAccount, clientAccountSpecs, ensureAccounts, freelancerAccount, freelancerAccountSpecs, idOf, platformAccountSpecs } from "@/lib/ledger/accounts";
import { bookTransfers, transferIdOf } from "@/lib/ledger/book";
import { transaction } from "@/lib/ledger/db";
import { referenceId, uuidFromKey } from "@/lib/ledger/ids";
import { insertMaturities, skipReviewMaturity } from "@/lib/ledger/maturities";
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

export async function payBonus(user: CurrentUser, input: PayBonusInput, now: Date): Promise<{ bonus: BonusView; replayed: boolean }> {
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
  // Choice: until client billing (R14) charges a bonus when it is paid, only a client whose payment method is verified pays one
  const verifiedAt = contract.client.paymentVerifiedAt;
  if (verifiedAt === null || verifiedAt > now) {
    throw new ApiError("validation_failed", "A bonus needs a verified payment method, and this client's payment method is not verified yet.", {
      fields: { paymentMethod: "Not verified: an admin verifies a client's payment method before bonuses can be paid." },
    });
  }
  rule(() => assertBonusWithinLimit(input.amountCents, bonusMaxCents()));
  const pay = rule(() => bonusPayment(input.amountCents, now));

  const accounts = await ensureAccounts([...clientAccountSpecs(contract.clientId), ...freelancerAccountSpecs(contract.freelancerId), ...platformAccountSpecs()]);
  const id = uuidFromKey(`bonus:${key}`);
  const ref = referenceId("BON", now, `bonus:${key}`);
  const transferKey = `bonus:${id}`;
  const created = await transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO bonuses (id, reference_id, contract_id, amount_cents, client_fee_cents, service_fee_cents, memo, paid_at, paid_by_id, idempotency_key)
      VALUES (${id}::uuid, ${ref}, ${contract.id}::uuid, ${pay.grossCents}, ${pay.clientFeeCents}, ${pay.serviceFeeCents}, ${input.memo}, ${now}, ${user.id}::uuid, ${key})
      ON CONFLICT (idempotency_key) DO NOTHING RETURNING id::text AS id`;
    if (rows.length === 0) return false;
    await bookTransfers(tx, [{
      key: transferKey, type: "BONUS", referenceId: ref, createdAt: now, contractId: contract.id, bonusId: id, earningId: "self",
      description: `Bonus: ${contract.title}: ${formatCents(pay.grossCents)} (${input.memo}); service fee ${formatCents(pay.serviceFeeCents)}, client fee ${formatCents(pay.clientFeeCents)}`,
      entries: [
        { accountId: idOf(accounts, clientAccount(contract.clientId)), amountCents: -pay.clientTotalCents },
        // R8 skips review: pending until 5 days after it is paid
        { accountId: idOf(accounts, freelancerAccount(contract.freelancerId, "pending")), amountCents: pay.netCents },
        { accountId: idOf(accounts, PLATFORM_FEES), amountCents: pay.clientFeeCents + pay.serviceFeeCents },
      ],
    }]);
    if (pay.netCents > 0) await insertMaturities(tx, [skipReviewMaturity(transferIdOf(transferKey), contract.freelancerId, pay.availableAt)]);
    return true;
  });
  const row = await prisma.bonus.findUniqueOrThrow({ where: { idempotencyKey: key } });
  if (!created) return replay(row, input);
  return { bonus: bonusView(row, pay.availableAt), replayed: false };
}

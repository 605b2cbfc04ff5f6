import "server-only";
// R10 the payout job: an outbox handing new withdrawals to the provider (idempotent by withdrawal id) and booking
// what it reports (paid to paid-out; failed back to available in new transfers). Each step is conditional on the
// withdrawal still being PROCESSING, so two workers cannot book it twice.
import { db } from "@/lib/db/client";
import { ensureAccounts, freelancerAccount, freelancerAccountSpecs, idOf, payoutAccountSpecs, payoutClearingAccount, withdrawalFeesAccount } from "@/lib/ledger/accounts";
import { bookTransfers, type TransferDraft } from "@/lib/ledger/book";
import { transaction } from "@/lib/ledger/db";
import { notify } from "@/lib/realtime/notify";
import { announceWithdrawal } from "@/lib/notifications/announce";
import { payoutProvider, providerNamed } from "./provider";

interface PendingPayout {
  id: string;
  reference_id: string;
  user_id: string;
  amount_cents: number;
  fee_cents: number;
  net_cents: number;
  provider: string | null;
  provider_ref: string | null;
  kind: string;
  details: Record<string, unknown>;
  last4: string;
}

async function pending(where: "unsubmitted" | "submitted"): Promise<PendingPayout[]> {
  return db().$queryRaw<PendingPayout[]>`
    SELECT w.id::text AS id, w.reference_id, w.user_id::text AS user_id, w.amount_cents, w.fee_cents, w.net_cents, w.provider, w.provider_ref,
      m.kind::text AS kind, m.details, m.last4
    FROM withdrawals w JOIN payout_methods m ON m.id = w.method_id
    WHERE w.status = 'PROCESSING' AND (w.provider_ref IS NULL) = ${where === "unsubmitted"}
    ORDER BY w.requested_at LIMIT 500`;
}

async function submit(w: PendingPayout, now: Date): Promise<void> {
  const provider = payoutProvider();
  const { providerRef } = await provider.submit(
    { withdrawalId: w.id, referenceId: w.reference_id, userId: w.user_id, methodKind: w.kind, netCents: w.net_cents, destination: { ...w.details, last4: w.last4 } },
    now,
  );
  await db().$executeRaw`
    UPDATE withdrawals SET provider = ${provider.name}, provider_ref = ${providerRef}, submitted_at = ${now}
    WHERE id = ${w.id}::uuid AND provider_ref IS NULL`;
}

/** Books a payout's outcome once: PAID or FAILED, with its transfers, only if it is still PROCESSING. */
async function settle(w: PendingPayout, outcome: { paid: boolean; settledAt: Date; reason?: string }): Promise<boolean> {
  const accounts = await ensureAccounts([...freelancerAccountSpecs(w.user_id), ...payoutAccountSpecs(w.user_id)]);
  const clearing = idOf(accounts, payoutClearingAccount(w.user_id));
  const available = idOf(accounts, freelancerAccount(w.user_id, "available"));
  const base = { withdrawalId: w.id, createdAt: outcome.settledAt };
  const drafts: TransferDraft[] = outcome.paid
    ? [{ ...base, key: `withdrawal:${w.id}:settled`, type: "SETTLEMENT", referenceId: `${w.reference_id}-S`, description: `Paid out: ${w.reference_id}`,
        entries: [{ accountId: clearing, amountCents: -w.net_cents }, { accountId: idOf(accounts, freelancerAccount(w.user_id, "paid_out")), amountCents: w.net_cents }] }]
    : [
        { ...base, key: `withdrawal:${w.id}:reversed`, type: "REVERSAL", referenceId: `${w.reference_id}-R`, description: `Payout failed, returned to available: ${w.reference_id}`,
          entries: [{ accountId: clearing, amountCents: -w.net_cents }, { accountId: available, amountCents: w.net_cents }] },
        // Choice: a payout that failed costs the freelancer nothing: the method's fee is returned too.
        { ...base, key: `withdrawal:${w.id}:fee_reversed`, type: "REVERSAL", referenceId: `${w.reference_id}-RF`, description: `Withdrawal fee returned: ${w.reference_id}`,
          entries: [{ accountId: idOf(accounts, withdrawalFeesAccount(w.user_id)), amountCents: -w.fee_cents }, { accountId: available, amountCents: w.fee_cents }] },
      ];
  return transaction(async (tx) => {
    const claimed = await tx.$executeRaw`
      UPDATE withdrawals SET status = ${outcome.paid ? "PAID" : "FAILED"}::"WithdrawalStatus", settled_at = ${outcome.settledAt}, failure_reason = ${outcome.reason ?? null}
      WHERE id = ${w.id}::uuid AND status = 'PROCESSING'`;
    if (claimed === 0) return false;
    await bookTransfers(tx, drafts);
    // Choice: the amount named is what was asked for (the fee included), as Get Paid lists it.
    await announceWithdrawal(tx, { userId: w.user_id, amountCents: w.amount_cents, paid: outcome.paid, reason: outcome.reason });
    return true;
  });
}

export interface ProcessPayoutsResult {
  submitted: number;
  paid: number;
  failed: number;
}

export async function processPayouts(now: Date): Promise<ProcessPayoutsResult> {
  const result = { submitted: 0, paid: 0, failed: 0 };
  for (const w of await pending("unsubmitted")) {
    await submit(w, now);
    result.submitted++;
  }
  const touched: string[] = [];
  for (const w of await pending("submitted")) {
    const status = await providerNamed(w.provider ?? "sandbox").check(w.provider_ref!, now);
    if (status.state === "processing") continue;
    const done = await settle(w, { paid: status.state === "paid", settledAt: status.settledAt, reason: status.state === "failed" ? status.reason : undefined });
    if (!done) continue;
    if (status.state === "paid") result.paid++;
    else result.failed++;
    touched.push(w.user_id);
  }
  await notify(touched.map((userId) => ({ userId, event: "withdrawal-updated" as const })));
  return result;
}

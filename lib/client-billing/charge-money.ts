// No "server-only" marker: the weekly-close job runs this from plain Node (the demo seed) as well.
// R14.4 / R14.5 the ledger side of client charges, all through lib/ledger/book.ts: a successful
// charge settles the receivable from the client's payments account; the first failure of a weekly
// charge holds the unpaid week's unprotected earnings (and the whole weekly payment); success
// releases them where the earning stands by then; the write-off at close + 30 days reverses them,
// has the platform's protection account pay the protected earnings and its loss account the rest.
import { hourlyEarningStatus, unpaidHourlyShares, weekCloseAt, weekEndOf, weeklyPaymentAvailableAt, SLOT_MINUTES } from "@/lib/billing";
import {
  PLATFORM_FEES,
  PLATFORM_LOSS,
  PLATFORM_PROTECTION,
  clientReceivable,
  clientBillingAccountSpecs,
  clientPaymentsAccount,
  ensureAccounts,
  freelancerAccount,
  freelancerAccountSpecs,
  platformAccountSpecs,
  accountIdOf,
  type FreelancerState,
} from "@/lib/ledger/accounts";
import { bookTransfers, transferIdOf, type TransferDraft } from "@/lib/ledger/book";
import type { Tx } from "@/lib/ledger/db";
import { lotAmounts } from "@/lib/ledger/mature-earnings";
import { formatCents } from "@/lib/format/money";

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The weekly close's hourly and weekly-payment earnings (lots) of a contract week. */
export const hourlyEarningOf = (contractId: string, weekStart: Date) => transferIdOf(`close:${contractId}:${isoDay(weekStart)}:hourly`);
export const weeklyEarningOf = (contractId: string, weekStart: Date) => transferIdOf(`close:${contractId}:${isoDay(weekStart)}:weekly_payment`);

export interface SettledCharge {
  id: string;
  referenceId: string;
  clientId: string;
  amountCents: number;
  kind: "WEEKLY" | "BONUS";
  weekStart: Date | null;
}

/** R14.5 the CHARGE transfer of each charge that succeeded: payments -X, receivable +X (idempotent by charge:<id>). */
export function chargeTransfer(c: SettledCharge, at: Date, extra: Partial<TransferDraft> = {}): TransferDraft {
  const what = c.kind === "WEEKLY" && c.weekStart ? `the week of ${isoDay(c.weekStart)}` : "a bonus";
  return {
    key: `charge:${c.id}`, type: "CHARGE", referenceId: c.referenceId, createdAt: at,
    description: `Charge ${c.referenceId}: ${formatCents(c.amountCents)} for ${what}`,
    entries: [
      { accountId: accountIdOf(clientPaymentsAccount(c.clientId)), amountCents: -c.amountCents },
      { accountId: accountIdOf(clientReceivable(c.clientId)), amountCents: c.amountCents },
    ],
    ...extra,
  };
}

export async function bookCharges(tx: Tx, charges: readonly SettledCharge[], at: Date): Promise<void> {
  if (charges.length === 0) return;
  await ensureAccounts([...new Set(charges.map((c) => c.clientId))].flatMap(clientBillingAccountSpecs), tx);
  await bookTransfers(tx, charges.map((c) => chargeTransfer(c, at)));
}

interface InvoiceRow {
  id: string;
  reference_id: string;
  contract_id: string;
  freelancer_id: string;
  week_start: Date;
  billed_minutes: number;
  hourly_amount_cents: number;
  hourly_client_fee_cents: number;
  hourly_service_fee_cents: number;
  weekly_payment_cents: number;
  client_fee_cents: number;
  service_fee_cents: number;
  unprotected_segments: number;
}

/** The weekly payment's fees on an invoice (the invoice's fees include the hourly line's). */
const weeklyFeesOf = (i: Pick<InvoiceRow, "client_fee_cents" | "service_fee_cents" | "hourly_client_fee_cents" | "hourly_service_fee_cents">) =>
  i.client_fee_cents - i.hourly_client_fee_cents + (i.service_fee_cents - i.hourly_service_fee_cents);

/** Locks the earnings' maturity rows (when they still have one), so holds, releases and maturity steps take turns. */
async function lockEarnings(tx: Tx, earningIds: readonly string[]): Promise<void> {
  if (earningIds.length > 0) await tx.$queryRaw`SELECT 1 FROM ledger_maturities WHERE earning_id = ANY(${[...earningIds].sort()}::uuid[]) ORDER BY earning_id FOR UPDATE`;
}

/**
 * R14.4 at the first failed attempt of weekly charges of week `ws` (one or a batch): for each of their invoices, the freelancer's net of the
 * unprotected billed segments and the whole weekly payment's net move to held; a charge_holds row records it.
 * Idempotent: an invoice already held is left alone. Returns the freelancers whose money was held.
 * Choice: the Hourly Protection verdict counts the client as payment verified when they were at the week's close.
 * Choice: segments already under a dispute of that invoice are the dispute's to hold, not counted again here.
 * Choice: never more is held than the earning still has in review or pending (as a dispute hold).
 */
export async function holdUnpaidWeek(tx: Tx, ws: Date, chargeIds: readonly string[], at: Date): Promise<string[]> {
  if (chargeIds.length === 0) return [];
  const invoices = await tx.$queryRaw<Array<InvoiceRow & { charge_id: string }>>`
    SELECT i.id::text AS id, i.charge_id::text AS charge_id, i.reference_id, i.contract_id::text AS contract_id, c.freelancer_id::text AS freelancer_id, i.week_start,
      i.billed_minutes, i.hourly_amount_cents, i.hourly_client_fee_cents, i.hourly_service_fee_cents, i.weekly_payment_cents,
      i.client_fee_cents, i.service_fee_cents,
      (SELECT count(*)::int FROM (
         SELECT s.id, s.kind, s.memo, s.activity_level, EXISTS (SELECT 1 FROM screenshots sh WHERE sh.segment_id = s.id) AS shot,
           row_number() OVER (ORDER BY s.slot_start) AS n
         FROM segments s WHERE s.contract_id = i.contract_id AND s.slot_start >= ${ws} AND s.slot_start < ${weekEndOf(ws)} AND s.deleted_at IS NULL
       ) b
       WHERE b.n <= i.billed_minutes / ${SLOT_MINUTES}
         AND NOT EXISTS (SELECT 1 FROM dispute_segments ds JOIN disputes d ON d.id = ds.dispute_id WHERE ds.segment_id = b.id AND d.invoice_id = i.id)
         -- R5 (lib/billing/protection.ts) in SQL: tracked, a screenshot, activity >= 1, a memo, a verified client
         AND (b.kind = 'MANUAL' OR NOT b.shot OR b.activity_level < 1 OR btrim(b.memo) = ''
              OR u.payment_verified_at IS NULL OR u.payment_verified_at > ${weekCloseAt(ws)}))
      AS unprotected_segments
    FROM invoices i JOIN contracts c ON c.id = i.contract_id JOIN users u ON u.id = c.client_id
    WHERE i.charge_id = ANY(${[...chargeIds]}::uuid[]) AND i.week_start = ${ws} AND NOT EXISTS (SELECT 1 FROM charge_holds h WHERE h.invoice_id = i.id)
    ORDER BY i.id`;
  if (invoices.length === 0) return [];
  const earnings = invoices.flatMap((i) => [hourlyEarningOf(i.contract_id, ws), weeklyEarningOf(i.contract_id, ws)]);
  await lockEarnings(tx, earnings);
  await ensureAccounts([...new Set(invoices.map((i) => i.freelancer_id))].flatMap(freelancerAccountSpecs), tx);
  const lots = await lotAmounts(tx, earnings);
  const drafts: TransferDraft[] = [];
  const holds: Array<{ chargeId: string; invoiceId: string; earningIds: string[]; protectedNet: number; heldNet: number; heldFees: number }> = [];
  const held = new Set<string>();
  for (const i of invoices) {
    const shares = unpaidHourlyShares(
      { billableMinutes: i.billed_minutes, amountCents: i.hourly_amount_cents, clientFeeCents: i.hourly_client_fee_cents, serviceFeeCents: i.hourly_service_fee_cents },
      i.unprotected_segments * SLOT_MINUTES,
    );
    const weeklyNet = i.weekly_payment_cents - (i.service_fee_cents - i.hourly_service_fee_cents);
    const parts = [
      { earningId: hourlyEarningOf(i.contract_id, ws), net: shares.heldNetCents, fees: shares.heldFeesCents, suffix: "CH", what: "unprotected hourly earnings" },
      { earningId: weeklyEarningOf(i.contract_id, ws), net: weeklyNet, fees: weeklyFeesOf(i), suffix: "CHW", what: "weekly payment" },
    ];
    const hold = { chargeId: i.charge_id, invoiceId: i.id, earningIds: [] as string[], protectedNet: shares.protectedNetCents, heldNet: 0, heldFees: 0 };
    for (const p of parts) {
      const lot = lots.get(p.earningId)!;
      const fromReview = Math.min(p.net, Number(lot.inReview));
      const fromPending = Math.min(p.net - fromReview, Number(lot.pending));
      if (fromReview + fromPending <= 0) continue;
      hold.earningIds.push(p.earningId);
      hold.heldNet += fromReview + fromPending;
      hold.heldFees += p.fees;
      held.add(i.freelancer_id);
      drafts.push({
        key: `charge:${i.charge_id}:hold:${p.earningId}`, type: "HOLD", referenceId: `${i.reference_id}-${p.suffix}`, createdAt: at,
        description: `Held until the client pays: ${p.what} of ${i.reference_id}`,
        contractId: i.contract_id, invoiceId: i.id, earningId: p.earningId,
        entries: [
          { accountId: accountIdOf(freelancerAccount(i.freelancer_id, "in_review")), amountCents: -fromReview },
          { accountId: accountIdOf(freelancerAccount(i.freelancer_id, "pending")), amountCents: -fromPending },
          { accountId: accountIdOf(freelancerAccount(i.freelancer_id, "held")), amountCents: fromReview + fromPending },
        ],
      });
    }
    holds.push(hold);
  }
  await bookTransfers(tx, drafts);
  await tx.$executeRaw`
    INSERT INTO charge_holds (charge_id, invoice_id, earning_ids, protected_net_cents, held_net_cents, held_fees_cents, status, held_at)
    SELECT x.charge_id, x.invoice_id, x.earning_ids, x.protected_net, x.held_net, x.held_fees, 'HELD', ${at}
    FROM json_to_recordset(${JSON.stringify(holds.map((h) => ({ charge_id: h.chargeId, invoice_id: h.invoiceId, earning_ids: `{${h.earningIds.join(",")}}`, protected_net: h.protectedNet, held_net: h.heldNet, held_fees: h.heldFees })))}::json)
      AS x(charge_id uuid, invoice_id uuid, earning_ids uuid[], protected_net int, held_net int, held_fees int)
    ON CONFLICT (invoice_id) DO NOTHING`;
  return [...held];
}

interface HeldPart {
  invoice_id: string;
  invoice_ref: string;
  contract_id: string;
  freelancer_id: string;
  week_start: Date;
  earning_id: string;
  held: bigint;
}

/** What each earning of the charge's HELD holds still has in held (from its HOLD transfer). */
async function heldParts(tx: Tx, chargeId: string): Promise<HeldPart[]> {
  return tx.$queryRaw<HeldPart[]>`
    SELECT h.invoice_id::text AS invoice_id, i.reference_id AS invoice_ref, i.contract_id::text AS contract_id, c.freelancer_id::text AS freelancer_id,
      i.week_start, e.earning_id::text AS earning_id,
      (SELECT coalesce(sum(le.amount_cents), 0)::bigint FROM ledger_entries le JOIN ledger_accounts a ON a.id = le.account_id
        WHERE le.transfer_id = hourglass_uuid('transfer:charge:' || h.charge_id || ':hold:' || e.earning_id) AND a.kind = 'FREELANCER_HELD') AS held
    FROM charge_holds h JOIN invoices i ON i.id = h.invoice_id JOIN contracts c ON c.id = i.contract_id
    CROSS JOIN LATERAL unnest(h.earning_ids) AS e(earning_id)
    WHERE h.charge_id = ${chargeId}::uuid AND h.status = 'HELD'
    ORDER BY h.invoice_id, e.earning_id`;
}

/**
 * R14.4 the charge succeeded: each held earning goes back where it stands at `at`, straight to available once
 * R6.3 (hourly) or R9.3 (weekly payment) would have made it available ("the later of" the two moments).
 */
export async function releaseHolds(tx: Tx, chargeId: string, at: Date): Promise<void> {
  const parts = await heldParts(tx, chargeId);
  if (parts.length === 0) return;
  await lockEarnings(tx, parts.map((p) => p.earning_id));
  const drafts: TransferDraft[] = parts.map((p) => {
    const hourly = p.earning_id === hourlyEarningOf(p.contract_id, p.week_start);
    let target: FreelancerState;
    if (hourly) {
      const status = hourlyEarningStatus(p.week_start, at);
      target = status === "available" ? "available" : status === "pending" ? "pending" : "in_review";
    } else {
      target = at >= weeklyPaymentAvailableAt(p.week_start) ? "available" : "pending";
    }
    const cents = Number(p.held);
    return {
      key: `charge:${chargeId}:release:${p.earning_id}`, type: "RELEASE", referenceId: `${p.invoice_ref}-${hourly ? "CR" : "CRW"}`, createdAt: at,
      description: `Released: the client paid ${p.invoice_ref} (${target.replace("_", " ")})`,
      contractId: p.contract_id, invoiceId: p.invoice_id, earningId: p.earning_id,
      entries: [
        { accountId: accountIdOf(freelancerAccount(p.freelancer_id, "held")), amountCents: -cents },
        { accountId: accountIdOf(freelancerAccount(p.freelancer_id, target)), amountCents: cents },
      ],
    };
  });
  await bookTransfers(tx, drafts);
  await tx.$executeRaw`UPDATE charge_holds SET status = 'RELEASED', settled_at = ${at} WHERE charge_id = ${chargeId}::uuid AND status = 'HELD'`;
}

/**
 * R14.4 / R14.5 the write-off of an unpaid weekly charge at close + 30 days. Each held earning is undone with
 * its fees (REVERSAL: held -net, platform fees -fees, receivable +both); the platform's protection account pays
 * the protected earnings (PROTECTION); its loss account takes the rest (WRITE_OFF: the protected lines' fees).
 * Afterwards the charge owes nothing.
 * Choice: what disputes of these invoices already refunded to the client is not written off a second time.
 */
export async function writeOffCharge(tx: Tx, charge: SettledCharge, at: Date): Promise<void> {
  const parts = await heldParts(tx, charge.id);
  await lockEarnings(tx, parts.map((p) => p.earning_id));
  const holds = await tx.$queryRaw<Array<{ invoice_id: string; protected_net_cents: number; held_fees_cents: number; client_fee_cents: number; service_fee_cents: number; hourly_client_fee_cents: number; hourly_service_fee_cents: number }>>`
    SELECT h.invoice_id::text AS invoice_id, h.protected_net_cents, h.held_fees_cents, i.client_fee_cents, i.service_fee_cents, i.hourly_client_fee_cents, i.hourly_service_fee_cents
    FROM charge_holds h JOIN invoices i ON i.id = h.invoice_id WHERE h.charge_id = ${charge.id}::uuid AND h.status = 'HELD'`;
  const [refunds] = await tx.$queryRaw<Array<{ s: bigint }>>`
    SELECT coalesce(sum(le.amount_cents), 0)::bigint AS s FROM ledger_transfers t JOIN ledger_entries le ON le.transfer_id = t.id
    WHERE t.type = 'REFUND' AND le.account_id = ${accountIdOf(clientReceivable(charge.clientId))}::uuid
      AND t.invoice_id IN (SELECT id FROM invoices WHERE charge_id = ${charge.id}::uuid)`;
  await ensureAccounts([...clientBillingAccountSpecs(charge.clientId), ...platformAccountSpecs(), ...[...new Set(parts.map((p) => p.freelancer_id))].flatMap(freelancerAccountSpecs)], tx);
  const receivable = accountIdOf(clientReceivable(charge.clientId));
  const drafts: TransferDraft[] = [];
  let reversed = 0;
  for (const h of holds) {
    const mine = parts.filter((p) => p.invoice_id === h.invoice_id);
    const weeklyFees = weeklyFeesOf(h);
    const isHourly = (p: HeldPart) => p.earning_id === hourlyEarningOf(p.contract_id, p.week_start);
    const weeklyHeld = mine.some((p) => !isHourly(p));
    for (const p of mine) {
      const hourly = isHourly(p);
      // the hold's fees are the hourly line's unprotected share plus, when it was held, the weekly payment's
      const fees = hourly ? h.held_fees_cents - (weeklyHeld ? weeklyFees : 0) : weeklyFees;
      const net = Number(p.held);
      reversed += net + fees;
      drafts.push({
        key: `charge:${charge.id}:reverse:${p.earning_id}`, type: "REVERSAL", referenceId: `${p.invoice_ref}-${hourly ? "CX" : "CXW"}`, createdAt: at,
        description: `Reversed: ${charge.referenceId} was written off unpaid (${hourly ? "unprotected hourly earnings" : "weekly payment"} of ${p.invoice_ref})`,
        contractId: p.contract_id, invoiceId: p.invoice_id, earningId: p.earning_id,
        entries: [
          { accountId: accountIdOf(freelancerAccount(p.freelancer_id, "held")), amountCents: -net },
          { accountId: accountIdOf(PLATFORM_FEES), amountCents: -fees },
          { accountId: receivable, amountCents: net + fees },
        ],
      });
    }
  }
  const protectedNet = holds.reduce((s, h) => s + h.protected_net_cents, 0);
  drafts.push({
    key: `charge:${charge.id}:protection`, type: "PROTECTION", referenceId: `${charge.referenceId}-P`, createdAt: at,
    description: `Hourly Protection paid the protected earnings of ${charge.referenceId}`,
    entries: [{ accountId: accountIdOf(PLATFORM_PROTECTION), amountCents: -protectedNet }, { accountId: receivable, amountCents: protectedNet }],
  });
  const rest = Math.max(0, charge.amountCents - reversed - protectedNet - Number(refunds?.s ?? 0n));
  drafts.push({
    key: `charge:${charge.id}:write_off`, type: "WRITE_OFF", referenceId: `${charge.referenceId}-X`, createdAt: at,
    description: `Written off unpaid: ${charge.referenceId}`,
    entries: [{ accountId: accountIdOf(PLATFORM_LOSS), amountCents: -rest }, { accountId: receivable, amountCents: rest }],
  });
  await bookTransfers(tx, drafts);
  await tx.$executeRaw`UPDATE charge_holds SET status = 'REVERSED', settled_at = ${at} WHERE charge_id = ${charge.id}::uuid AND status = 'HELD'`;
}

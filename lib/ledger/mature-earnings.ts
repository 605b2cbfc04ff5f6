// No "server-only" marker: the demo seed runs this in plain Node, outside Next's react-server condition.
// R6.3 / R8 / R9.3 the maturity job: books the due steps of earnings, in review
// -> pending -> available, at the instants the rules give. Choice: each step's
// transfer is dated at its due instant (the row's booked_at says when it was
// written), so a late run books the same ledger as a punctual one. Idempotent (mature:<earning>:pending|available keys) and safe to run in
// several workers at once (queue rows are claimed FOR UPDATE SKIP LOCKED).
import { freelancerAccount, freelancerAccountSpecs, ensureAccounts, idOf } from "./accounts";
import { bookTransfers, type TransferDraft } from "./book";
import { transaction, type Tx } from "./db";
import { notify, type RealtimeEvent } from "@/lib/realtime/notify";
import { announceEarningsAvailable } from "@/lib/notifications/announce";

interface DueRow {
  earning_id: string;
  user_id: string;
  stage: "PENDING" | "AVAILABLE";
  pending_at: Date | null;
  available_at: Date;
  reference_id: string;
  contract_id: string | null;
  invoice_id: string | null;
  bonus_id: string | null;
}

export interface MatureResult {
  stepsBooked: number;
  usersPaid: string[];
}

/** The money of each earning still in review / pending, by earning id. */
export async function lotAmounts(tx: Tx, earningIds: readonly string[]): Promise<Map<string, { inReview: bigint; pending: bigint }>> {
  const out = new Map<string, { inReview: bigint; pending: bigint }>();
  if (earningIds.length === 0) return out;
  const rows = await tx.$queryRaw<Array<{ earning_id: string; kind: string; amount: bigint }>>`
    SELECT t.earning_id::text AS earning_id, a.kind::text AS kind, sum(e.amount_cents)::bigint AS amount
    FROM ledger_transfers t JOIN ledger_entries e ON e.transfer_id = t.id JOIN ledger_accounts a ON a.id = e.account_id
    WHERE t.earning_id = ANY(${earningIds}::uuid[]) AND a.kind IN ('FREELANCER_IN_REVIEW', 'FREELANCER_PENDING')
    GROUP BY t.earning_id, a.kind`;
  for (const id of earningIds) out.set(id, { inReview: 0n, pending: 0n });
  for (const r of rows) {
    const lot = out.get(r.earning_id)!;
    if (r.kind === "FREELANCER_IN_REVIEW") lot.inReview = BigInt(r.amount);
    else lot.pending = BigInt(r.amount);
  }
  return out;
}

async function matureBatch(now: Date, userId: string | null, batchSize: number): Promise<{ steps: number; claimed: number; paid: Set<string> }> {
  const paid = new Set<string>();
  let claimed = 0;
  const steps = await transaction(async (tx) => {
    const due = await tx.$queryRaw<DueRow[]>`
      SELECT m.earning_id::text AS earning_id, m.user_id::text AS user_id, m.stage::text AS stage, m.pending_at, m.available_at,
        t.reference_id, t.contract_id::text AS contract_id, t.invoice_id::text AS invoice_id, t.bonus_id::text AS bonus_id
      FROM ledger_maturities m JOIN ledger_transfers t ON t.id = m.earning_id
      WHERE m.due_at <= ${now} AND (${userId}::uuid IS NULL OR m.user_id = ${userId}::uuid)
      ORDER BY m.due_at, m.earning_id
      LIMIT ${batchSize}
      FOR UPDATE OF m SKIP LOCKED`;
    claimed = due.length;
    if (due.length === 0) return 0;
    const accounts = await ensureAccounts([...new Set(due.map((d) => d.user_id))].flatMap(freelancerAccountSpecs), tx);
    const lots = await lotAmounts(tx, due.map((d) => d.earning_id));
    const drafts: TransferDraft[] = [];
    const advance: string[] = [];
    const madeAvailable = new Map<string, bigint>();
    const finished: string[] = [];
    for (const d of due) {
      const lot = lots.get(d.earning_id)!;
      const link = { contractId: d.contract_id, invoiceId: d.invoice_id, bonusId: d.bonus_id, earningId: d.earning_id };
      const inReview = idOf(accounts, freelancerAccount(d.user_id, "in_review"));
      const pending = idOf(accounts, freelancerAccount(d.user_id, "pending"));
      let stage = d.stage;
      if (stage === "PENDING" && d.pending_at !== null && d.pending_at <= now) {
        drafts.push({
          ...link, key: `mature:${d.earning_id}:pending`, type: "MATURITY", referenceId: `${d.reference_id}-P`, createdAt: d.pending_at,
          description: `Review window over: ${d.reference_id} is pending`,
          entries: [{ accountId: inReview, amountCents: -Number(lot.inReview) }, { accountId: pending, amountCents: Number(lot.inReview) }],
        });
        lot.pending += lot.inReview;
        lot.inReview = 0n;
        stage = "AVAILABLE";
      }
      if (stage === "AVAILABLE" && d.available_at <= now) {
        drafts.push({
          ...link, key: `mature:${d.earning_id}:available`, type: "MATURITY", referenceId: `${d.reference_id}-A`, createdAt: d.available_at,
          description: `Available: ${d.reference_id}`,
          entries: [
            { accountId: inReview, amountCents: -Number(lot.inReview) },
            { accountId: pending, amountCents: -Number(lot.pending) },
            { accountId: idOf(accounts, freelancerAccount(d.user_id, "available")), amountCents: Number(lot.inReview + lot.pending) },
          ],
        });
        if (lot.inReview + lot.pending > 0n) {
          paid.add(d.user_id);
          madeAvailable.set(d.user_id, (madeAvailable.get(d.user_id) ?? 0n) + lot.inReview + lot.pending);
        }
        finished.push(d.earning_id);
      } else {
        advance.push(d.earning_id);
      }
    }
    const booked = await bookTransfers(tx, drafts);
    // R16.4 one notification per freelancer and run, in the booking's transaction
    for (const [user, cents] of madeAvailable) await announceEarningsAvailable(tx, user, cents);
    if (finished.length > 0) await tx.$executeRaw`DELETE FROM ledger_maturities WHERE earning_id = ANY(${finished}::uuid[])`;
    if (advance.length > 0) {
      await tx.$executeRaw`UPDATE ledger_maturities SET stage = 'AVAILABLE', due_at = available_at WHERE earning_id = ANY(${advance}::uuid[])`;
    }
    return booked.size;
  });
  return { steps, claimed, paid };
}

/** Books every maturity step due at `now` (for one user, or everyone); then tells the users whose money became available. */
export async function matureDueEarnings(now: Date, opts: { userId?: string; batchSize?: number } = {}): Promise<MatureResult> {
  const batchSize = opts.batchSize ?? 1000;
  let stepsBooked = 0;
  const users = new Set<string>();
  for (;;) {
    const { steps, claimed, paid } = await matureBatch(now, opts.userId ?? null, batchSize);
    stepsBooked += steps;
    for (const u of paid) users.add(u);
    if (claimed < batchSize) break;
  }
  const notices: RealtimeEvent[] = [...users].map((userId) => ({ userId, event: "payment-available" }));
  await notify(notices);
  return { stepsBooked, usersPaid: [...users] };
}

import "server-only";
// R12 the caller's ledger lines: every entry on one of their own accounts, with
// its transfer's reference ID, type, description and links, the account state
// it moved (in review, pending, available, ...), and that account's running
// balance after it. Default window: the last 30 days. Only the caller's own
// entries are ever read (the account owner is in the query).
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import { freelancerStateOfKind } from "./accounts";
import type { LedgerAccountKind, TransferType } from "@/lib/generated/prisma/enums";

export interface TransactionLine {
  referenceId: string;
  type: TransferType;
  description: string;
  createdAt: string;
  contractId: string | null;
  invoiceId: string | null;
  bonusId: string | null;
  disputeId: string | null;
  withdrawalId: string | null;
  /** which of the caller's accounts: in_review, pending, available, held, paid_out, or charges */
  account: string;
  /** signed integer cents, as a string */
  amountCents: string;
  runningBalanceCents: string;
}

export interface TransactionsQuery {
  from?: Date;
  to?: Date;
  type?: TransferType;
  contractId?: string;
  limit: number;
}

const DAY_MS = 86_400_000;

export async function listTransactions(user: CurrentUser, q: TransactionsQuery, now: Date): Promise<TransactionLine[]> {
  const to = q.to ?? new Date(now.getTime() + 1);
  const from = q.from ?? new Date(to.getTime() - 30 * DAY_MS);
  const rows = await db().$queryRaw<Array<{
    reference_id: string; type: TransferType; description: string; created_at: Date; contract_id: string | null; invoice_id: string | null;
    bonus_id: string | null; dispute_id: string | null; withdrawal_id: string | null; kind: LedgerAccountKind; amount: bigint; running: bigint;
  }>>`
    SELECT * FROM (
      SELECT t.reference_id, t.type::text AS type, t.description, e.created_at, t.contract_id::text AS contract_id, t.invoice_id::text AS invoice_id,
        t.bonus_id::text AS bonus_id, t.dispute_id::text AS dispute_id, t.withdrawal_id::text AS withdrawal_id, a.kind::text AS kind,
        e.amount_cents AS amount, sum(e.amount_cents) OVER (PARTITION BY e.account_id ORDER BY e.created_at, e.id)::bigint AS running, e.id AS entry_id
      FROM ledger_entries e
      JOIN ledger_accounts a ON a.id = e.account_id AND a.owner_id = ${user.id}::uuid
      JOIN ledger_transfers t ON t.id = e.transfer_id
      WHERE e.created_at < ${to}
    ) x
    WHERE x.created_at >= ${from}
      AND (${q.type ?? null}::text IS NULL OR x.type = ${q.type ?? null}::text)
      AND (${q.contractId ?? null}::text IS NULL OR x.contract_id = ${q.contractId ?? null}::text)
    ORDER BY x.created_at DESC, x.entry_id DESC
    LIMIT ${q.limit}`;
  return rows.map((r) => ({
    referenceId: r.reference_id, type: r.type, description: r.description, createdAt: r.created_at.toISOString(), contractId: r.contract_id,
    invoiceId: r.invoice_id, bonusId: r.bonus_id, disputeId: r.dispute_id, withdrawalId: r.withdrawal_id,
    account: freelancerStateOfKind(r.kind) ?? "charges", amountCents: r.amount.toString(), runningBalanceCents: r.running.toString(),
  }));
}

/** One transfer by reference ID, as the caller sees it: only their own entries; null when they are not a party (404). Admins see all. */
export async function getTransfer(user: CurrentUser, referenceId: string): Promise<(Omit<TransactionLine, "account" | "amountCents" | "runningBalanceCents"> & { entries: Array<{ account: string; amountCents: string }> }) | null> {
  const t = await db().ledgerTransfer.findUnique({
    where: { referenceId },
    include: { entries: { include: { account: { select: { kind: true, ownerId: true, code: true } } }, orderBy: { id: "asc" } } },
  });
  if (!t) return null;
  const mine = user.role === "ADMIN" ? t.entries : t.entries.filter((e) => e.account.ownerId === user.id);
  if (mine.length === 0) return null;
  return {
    referenceId: t.referenceId, type: t.type, description: t.description, createdAt: t.createdAt.toISOString(), contractId: t.contractId, invoiceId: t.invoiceId,
    bonusId: t.bonusId, disputeId: t.disputeId, withdrawalId: t.withdrawalId,
    entries: mine.map((e) => ({ account: user.role === "ADMIN" ? e.account.code : (freelancerStateOfKind(e.account.kind) ?? "charges"), amountCents: e.amountCents.toString() })),
  };
}

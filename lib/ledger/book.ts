// No "server-only" marker: the demo seed runs this in plain Node, outside Next's react-server condition.
// R11 balanced, immutable transfers, set-based, each at most once per idempotency key; the database re-checks it all.
// The only writer of ledger_transfers and ledger_entries (lib/ledger/single-writer.test.ts enforces it): its two
// CTEs run inside the booker's own statement, so money moves in the same statement as what justifies it.
import { Prisma } from "@/lib/generated/prisma/client";
import type { TransferType } from "@/lib/generated/prisma/enums";
import type { Tx } from "./db";
import { uuidFromKey } from "./ids";

export interface EntryDraft {
  accountId: string;
  /** signed integer cents; zero legs are dropped */
  amountCents: number;
}

export interface TransferDraft {
  /** the business key, e.g. close:<contract>:<week>:hourly */
  key: string;
  type: TransferType;
  referenceId: string;
  description: string;
  /** the instant the money moved under the rules */
  createdAt: Date;
  contractId?: string | null;
  invoiceId?: string | null;
  bonusId?: string | null;
  disputeId?: string | null;
  withdrawalId?: string | null;
  /** the earning (lot) moved; "self" for an earning itself */
  earningId?: string | "self" | null;
  entries: EntryDraft[];
}

/** The id a transfer with this business key has (or will have). */
export const transferIdOf = (key: string) => uuidFromKey(`transfer:${key}`);

/** A transfer's legs that move money: zero legs dropped, the rest integer cents that sum to 0 (none when nothing moves). */
export function movingLegs(key: string, entries: readonly EntryDraft[]): EntryDraft[] {
  const legs = entries.filter((e) => e.amountCents !== 0);
  let sum = 0;
  for (const e of legs) {
    if (!Number.isSafeInteger(e.amountCents)) throw new Error(`ledger ${key}: ${e.amountCents} is not integer cents`);
    sum += e.amountCents;
  }
  if (sum !== 0) throw new Error(`ledger ${key}: entries sum to ${sum}, not 0`);
  return legs;
}

/** Drops zero legs and checks the rest balance; null when nothing moves. */
export function normalizeDraft(draft: TransferDraft): TransferDraft | null {
  const entries = movingLegs(draft.key, draft.entries);
  if (entries.length === 0) return null;
  return { ...draft, entries };
}

/** What a transfer may be linked to, besides its own columns. */
export type TransferLink = "contract_id" | "invoice_id" | "bonus_id" | "dispute_id" | "withdrawal_id" | "earning_id";

/** SQL text (pg's $n parameters) or a Prisma fragment (its own parameters): each writer below answers in kind. */
type Sql = string | Prisma.Sql;

function around<S extends Sql>(head: string, rows: S, tail: string): S {
  return (typeof rows === "string" ? `${head}${rows}${tail}` : Prisma.sql`${Prisma.raw(head)}${rows}${Prisma.raw(tail)}`) as S;
}

/**
 * The CTE `name` writing the transfers `rows` selects (id, reference_id, type, description, idempotency_key,
 * created_at, `links`) and returning their ids. A booked key is skipped (R11 never twice); with
 * `skipBooked: false` it fails instead, for callers already idempotent by their own row.
 */
export function insertTransfersCte<S extends Sql>(name: string, rows: S, links: readonly TransferLink[], opts: { skipBooked?: boolean } = {}): S {
  const extra = links.map((l) => `, ${l}`).join("");
  return around(
    `${name} AS (
      INSERT INTO ledger_transfers (id, reference_id, type, description, idempotency_key, created_at${extra})
      SELECT x.id, x.reference_id, x.type::"TransferType", x.description, x.idempotency_key, x.created_at${links.map((l) => `, x.${l}`).join("")}
      FROM (`,
    rows,
    `) AS x
      ${opts.skipBooked === false ? "" : "ON CONFLICT (idempotency_key) DO NOTHING"}
      RETURNING id
    )`,
  );
}

/**
 * The CTE `name` that writes the entries `rows` selects (transfer_id, account_id, amount_cents,
 * created_at), only those of transfers the CTE `transfers` wrote in the same statement: a skipped
 * repeat gets no second set of legs.
 */
export function insertEntriesCte<S extends Sql>(name: string, rows: S, transfers: string): S {
  return around(
    `${name} AS (
      INSERT INTO ledger_entries (transfer_id, account_id, amount_cents, created_at)
      SELECT x.transfer_id, x.account_id, x.amount_cents, x.created_at
      FROM (`,
    rows,
    `) AS x
      WHERE x.transfer_id IN (SELECT id FROM ${transfers})
    )`,
  );
}

/**
 * Books the drafts that move money and returns the ids of the transfers written
 * now (those already booked under the same key are left as they are).
 */
export async function bookTransfers(tx: Tx, drafts: readonly TransferDraft[]): Promise<Set<string>> {
  const transfers: object[] = [];
  const entries: object[] = [];
  for (const raw of drafts) {
    const d = normalizeDraft(raw);
    if (!d) continue;
    const id = transferIdOf(d.key);
    const at = d.createdAt.toISOString();
    transfers.push({
      id, reference_id: d.referenceId, type: d.type, description: d.description, idempotency_key: d.key, created_at: at,
      contract_id: d.contractId ?? null, invoice_id: d.invoiceId ?? null, bonus_id: d.bonusId ?? null, dispute_id: d.disputeId ?? null,
      withdrawal_id: d.withdrawalId ?? null, earning_id: d.earningId === "self" ? id : (d.earningId ?? null),
    });
    for (const e of d.entries) entries.push({ transfer_id: id, account_id: e.accountId, amount_cents: e.amountCents, created_at: at });
  }
  if (transfers.length === 0) return new Set();
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    WITH ${insertTransfersCte(
      "t",
      Prisma.sql`SELECT * FROM json_to_recordset(${JSON.stringify(transfers)}::json) AS x(id uuid, reference_id text, type text, description text, idempotency_key text,
        created_at timestamptz, contract_id uuid, invoice_id uuid, bonus_id uuid, dispute_id uuid, withdrawal_id uuid, earning_id uuid)`,
      ["contract_id", "invoice_id", "bonus_id", "dispute_id", "withdrawal_id", "earning_id"],
    )}, ${insertEntriesCte(
      "e",
      Prisma.sql`SELECT * FROM json_to_recordset(${JSON.stringify(entries)}::json) AS x(transfer_id uuid, account_id uuid, amount_cents bigint, created_at timestamptz)`,
      "t",
    )}
    SELECT t.id::text AS id FROM t`;
  return new Set(rows.map((r) => r.id));
}

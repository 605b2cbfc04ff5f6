// No "server-only" marker: the demo seed backfills through this in plain Node.
// R15.2 appends records to a contract's proof chain, inside the caller's transaction, so a record
// exists exactly when its event committed. The database links each record to its contract's head under
// the head's row lock (so appends are serialised per contract and cannot fork), computes its hash, and
// refuses any record that does not extend the head (migrations 20261206220400 and 20261206230000).
import type pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordText, GENESIS_HASH, type ProofRecord, type ProofRecordDataOf, type ProofRecordKind } from "@/verifier/src/records";

/** One event to record; seq, prev and the contract are filled in here. */
export type ProofDraft = { [K in ProofRecordKind]: { kind: K; slot: Date | null; at: Date; data: ProofRecordDataOf[K] } }[ProofRecordKind];

export interface AppendedRecord {
  seq: number;
  hash: string;
}

/** A Prisma interactive transaction, or a pg client inside BEGIN (the ingest's hot path). */
export type ProofTx = Prisma.TransactionClient | pg.PoolClient;

type Run = <T>(name: string, text: string, values: unknown[]) => Promise<T[]>;

function runner(tx: ProofTx): Run {
  if ("$queryRawUnsafe" in tx) return (_name, text, values) => tx.$queryRawUnsafe(text, ...values);
  // named: pg prepares each statement once per connection (the ingest appends on every upload)
  return async <T>(name: string, text: string, values: unknown[]) => (await tx.query({ name, text, values })).rows as T[];
}

// One statement for every record of the event, in order. Each row goes in with seq 0 and a placeholder for
// prev and seq: the database's trigger links it under the head's row lock, which serialises the appends of a
// contract until we commit (migration 20261206230000_proof_chain_one_statement), and returns seq and hash.
const INSERT = `
  INSERT INTO proof_records (contract_id, seq, prev_hash, hash, kind, slot, at, record)
  SELECT $1::uuid, 0, '', '', r.kind, r.slot, r.at, r.record
  FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[]) WITH ORDINALITY AS r(kind, slot, at, record, n)
  ORDER BY r.n
  RETURNING seq, hash`;

/**
 * The text of a record before the database links it: canonical, with seq 0 and prev 64 zeros, which the
 * trigger replaces by the head's seq + 1 and hash (the pair is adjacent: keys are sorted).
 */
export function recordTemplate(contractId: string, draft: ProofDraft): string {
  return recordText({ v: 1, contract: contractId, seq: 0, prev: GENESIS_HASH, at: draft.at.toISOString(), kind: draft.kind, slot: draft.slot?.toISOString() ?? null, data: draft.data } as ProofRecord);
}

/**
 * Appends one record per draft to the contract's chain, in order, and returns their seq and hash.
 * Must run inside the transaction that writes the event itself, and last: the head's row lock is
 * then held only for the end of the transaction.
 */
export async function appendProofRecords(tx: ProofTx, contractId: string, drafts: readonly ProofDraft[]): Promise<AppendedRecord[]> {
  if (drafts.length === 0) return [];
  const rows = await runner(tx)<{ seq: number; hash: string }>("proof-insert-records", INSERT, [
    contractId,
    drafts.map((d) => d.kind),
    drafts.map((d) => d.slot?.toISOString() ?? null),
    drafts.map((d) => d.at.toISOString()),
    drafts.map((d) => recordTemplate(contractId, d)),
  ]);
  return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash })).sort((a, b) => a.seq - b.seq);
}

/** fn on one pooled connection inside BEGIN … COMMIT (ROLLBACK when it throws): pg's side of appending. */
export async function pgTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw error;
  } finally {
    // a connection that could not even roll back is discarded, not handed to the next request
    client.release(broken);
  }
}

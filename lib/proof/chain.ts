// No "server-only" marker: the demo seed backfills through this in plain Node.
// R15.2 appends records to a contract's proof chain, inside the caller's transaction, so a record
// exists exactly when its event committed. Appends are serialised per contract by the row lock on
// proof_chain_heads, taken first; the database's trigger also refuses any record that does not
// extend the head (migration 20261206220400_proof_chain), so even a bug here could not fork a chain.
import type pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordHash, recordText, GENESIS_HASH, type ProofRecord, type ProofRecordDataOf, type ProofRecordKind } from "@/verifier/src/records";

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

// Creates the head on a contract's first record; otherwise a no-op update, which takes the row lock
// that every other append of this contract then waits for until we commit.
const LOCK_HEAD = `
  INSERT INTO proof_chain_heads (contract_id, seq, hash) VALUES ($1::uuid, 0, $2::text)
  ON CONFLICT (contract_id) DO UPDATE SET seq = proof_chain_heads.seq
  RETURNING seq, hash`;

// One statement for every record of the event, in order (the trigger checks each extends the head).
const INSERT = `
  INSERT INTO proof_records (contract_id, seq, prev_hash, hash, kind, slot, at, record)
  SELECT $1::uuid, r.seq, r.prev_hash, r.hash, r.kind, r.slot, r.at, r.record
  FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::text[])
       WITH ORDINALITY AS r(seq, prev_hash, hash, kind, slot, at, record, n)
  ORDER BY r.n`;

/**
 * Appends one record per draft to the contract's chain, in order, and returns their seq and hash.
 * Must run inside the transaction that writes the event itself: call it last, so the head's lock
 * is held only for the end of the transaction.
 */
export async function appendProofRecords(tx: ProofTx, contractId: string, drafts: readonly ProofDraft[]): Promise<AppendedRecord[]> {
  if (drafts.length === 0) return [];
  const run = runner(tx);
  const [head] = await run<{ seq: number; hash: string }>("proof-lock-head", LOCK_HEAD, [contractId, GENESIS_HASH]);
  let seq = Number(head!.seq);
  let prev = head!.hash;
  const rows: Array<{ seq: number; prev: string; hash: string; kind: string; slot: string | null; at: string; text: string }> = [];
  for (const draft of drafts) {
    seq += 1;
    const record = { v: 1, contract: contractId, seq, prev, at: draft.at.toISOString(), kind: draft.kind, slot: draft.slot?.toISOString() ?? null, data: draft.data } as ProofRecord;
    const text = recordText(record);
    const hash = await recordHash(text);
    rows.push({ seq, prev, hash, kind: draft.kind, slot: record.slot, at: record.at, text });
    prev = hash;
  }
  await run("proof-insert-records", INSERT, [
    contractId,
    rows.map((r) => r.seq),
    rows.map((r) => r.prev),
    rows.map((r) => r.hash),
    rows.map((r) => r.kind),
    rows.map((r) => r.slot),
    rows.map((r) => r.at),
    rows.map((r) => r.text),
  ]);
  return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
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

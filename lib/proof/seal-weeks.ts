// No "server-only" marker: the demo seed seals its closed weeks in plain Node.
// R15.3 seals: every invoice the weekly close wrote gets the head of its contract's proof chain at
// that moment, signed with the portal's key, in its own columns. Run right after the close (the
// weekly-close job, `npm run close-week`, the demo seed) and by the proof-seals job, which catches up
// after a crash between the close and the seal. Idempotent: an invoice is sealed once.
import { db } from "@/lib/db/client";
import { GENESIS_HASH } from "@/verifier/src/records";
import { sealMessage, type Seal } from "@/verifier/src/seal";
import { portalSigner, type PortalSigner } from "./portal-keys";

// Choice: 1,000 invoices a statement (one read, one update): a large close seals in a few round trips.
const BATCH = 1000;

interface Unsealed {
  id: string;
  reference_id: string;
  contract_id: string;
  week: string;
  seq: number;
  head: string;
}

/** Seals every invoice that has no seal yet; returns how many this call sealed. */
export async function sealClosedWeeks(now: Date): Promise<number> {
  const prisma = db();
  let signer: PortalSigner | null = null;
  let sealed = 0;
  for (;;) {
    // A contract with no record yet seals seq 0 and the genesis hash (proof-interfaces).
    const rows = await prisma.$queryRaw<Unsealed[]>`
      SELECT i.id::text AS id, i.reference_id, i.contract_id::text AS contract_id, to_char(i.week_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS week,
             COALESCE(h.seq, 0)::int AS seq, COALESCE(h.hash, ${GENESIS_HASH}) AS head
      FROM invoices i LEFT JOIN proof_chain_heads h ON h.contract_id = i.contract_id
      WHERE i.sealed_at IS NULL
      ORDER BY i.closed_at LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    signer ??= await portalSigner(now);
    const keyId = signer.keyId;
    const sealedAt = now.toISOString();
    const signatures = rows.map((r) => {
      const seal: Seal = { v: 1, contract: r.contract_id, week: r.week, invoice: r.reference_id, seq: r.seq, head: r.head, sealedAt, keyId };
      return (signer as PortalSigner).sign(sealMessage(seal));
    });
    // sealed_at IS NULL again: a concurrent run that sealed one first keeps its seal (and the rows read leave
    // the unsealed set either way, so the loop ends)
    const updated = await prisma.$executeRaw`
      UPDATE invoices i SET seal_seq = u.seq, seal_head = u.head, seal_key_id = ${keyId}, seal_signature = u.sig, sealed_at = ${now}
      FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.seq)}::int[], ${rows.map((r) => r.head)}::text[], ${signatures}::text[]) AS u(id, seq, head, sig)
      WHERE i.id = u.id AND i.sealed_at IS NULL`;
    sealed += updated;
    if (rows.length < BATCH || updated === 0) break;
  }
  return sealed;
}

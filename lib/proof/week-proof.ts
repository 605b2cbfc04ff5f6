import "server-only";
// R15.3 whether a contract week is sealed and its seal holds, as the Work Diary shows it: the chain is
// recomputed from the week's anchor (the latest seal made before the week began, else genesis) up to
// the seal, with the verifier's own code, and the seal and the anchor are checked against the published
// portal keys. It reads records, not the segments table: the full check of a week, table and
// screenshots included, is the bundle's (lib/proof/bundle.ts, verifier/src/verify.ts).
import { db, sql } from "@/lib/db/client";
import { weekCloseAt } from "@/lib/billing";
import { checkChain, GENESIS, type ChainPoint } from "@/verifier/src/records";
import { verifySeal, type SignedSeal } from "@/verifier/src/seal";
import { publishedKeys } from "./portal-keys";
import { signedSealOf, type SealColumns } from "./stored-seal";

/**
 * R15.3 a contract week's seal as the diary shows it: open (sealed at its close), closed with nothing
 * billed (no invoice, no seal), invoiced but not sealed yet, or sealed: when, by which portal key, the
 * chain head it holds, and whether the chain from the week's anchor to the seal recomputes to it.
 */
export type WeekProof =
  | { state: "open"; sealsAt: string }
  | { state: "no_invoice" }
  | { state: "unsealed" }
  | { state: "sealed"; sealedAt: string; keyId: string; seq: number; head: string; invoice: string; verifies: boolean; problem: string | null };

const SEAL_COLUMNS = { referenceId: true, contractId: true, weekStart: true, sealSeq: true, sealHead: true, sealKeyId: true, sealSignature: true, sealedAt: true } as const;

// Choice: a week's verdict is kept 5 minutes per process (sealed records cannot change through the portal:
// the database refuses it), so paging through a week's days recomputes nothing; a change made behind the
// database's back shows within 5 minutes here, and at once in a downloaded bundle.
const CACHE_MS = 5 * 60_000;
const verdicts = new Map<string, { at: number; verdict: { verifies: boolean; problem: string | null } }>();

async function checkSealedWeek(sealed: SignedSeal, weekStart: Date): Promise<{ verifies: boolean; problem: string | null }> {
  const { contract, seq, head } = sealed.seal;
  const prisma = db();
  const [anchorRow, keys] = await Promise.all([
    prisma.invoice.findFirst({ where: { contractId: contract, sealedAt: { lt: weekStart }, sealSeq: { not: null, lte: seq } }, orderBy: [{ sealSeq: "desc" }, { weekStart: "desc" }], select: SEAL_COLUMNS }),
    publishedKeys(),
  ]);
  const seal = await verifySeal(sealed, keys);
  if (!seal.ok) return { verifies: false, problem: seal.message };
  const anchor = anchorRow ? signedSealOf(anchorRow) : null;
  let from: ChainPoint = GENESIS;
  if (anchor) {
    const check = await verifySeal(anchor, keys);
    if (!check.ok) return { verifies: false, problem: `The anchor, week ${anchor.seal.week}'s seal: ${check.message}` };
    from = { seq: anchor.seal.seq, hash: anchor.seal.head };
  }
  // through pg: a week is about a thousand records, which Prisma's engine would decode much slower
  const { rows: records } = await sql().query<{ record: string }>({
    name: "week-proof-records",
    text: "SELECT record FROM proof_records WHERE contract_id = $1::uuid AND seq > $2 AND seq <= $3 ORDER BY seq",
    values: [contract, from.seq, seq],
  });
  const chain = await checkChain(records.map((r) => r.record), from, { contract });
  if (chain.problems.length > 0) return { verifies: false, problem: chain.problems[0]!.message };
  if (chain.head.seq !== seq || chain.head.hash !== head) return { verifies: false, problem: `The chain's records up to ${seq} do not end at the sealed head: a record before the seal was changed or removed.` };
  return { verifies: true, problem: null };
}

/**
 * The proof status of a contract week: still open (sealed at its close), closed without an invoice
 * (nothing billed, nothing sealed), invoiced but not sealed yet, or sealed (with whether it holds).
 */
export async function weekProofOf(contractId: string, weekStart: Date, invoice: SealColumns | null, now: Date): Promise<WeekProof> {
  const close = weekCloseAt(weekStart);
  if (now < close) return { state: "open", sealsAt: close.toISOString() };
  if (!invoice) return { state: "no_invoice" };
  const sealed = signedSealOf(invoice);
  if (!sealed) return { state: "unsealed" };
  const key = `${contractId}:${sealed.seal.week}:${sealed.seal.seq}:${sealed.seal.head}:${sealed.signature}`;
  const cached = verdicts.get(key);
  let verdict = cached && Date.now() - cached.at < CACHE_MS ? cached.verdict : null;
  if (!verdict) {
    verdict = await checkSealedWeek(sealed, weekStart);
    if (verdicts.size > 1000) verdicts.clear();
    verdicts.set(key, { at: Date.now(), verdict });
  }
  return { state: "sealed", sealedAt: sealed.seal.sealedAt, keyId: sealed.seal.keyId, seq: sealed.seal.seq, head: sealed.seal.head, invoice: sealed.seal.invoice, ...verdict };
}

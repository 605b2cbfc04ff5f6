import "server-only";
// R15.4 a contract week's proof bundle for the verifier (verifier/src/bundle-format.ts lists its
// files). Only the contract's client and freelancer get one: anyone else, admins included, is
// told the contract does not exist. The JSON parts are read before the answer starts, so a
// failure is an error response; the screenshots then stream one by one from storage, and the
// manifest comes last, with each file's SHA-256 computed on the bytes actually sent.
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { blobStore } from "@/lib/storage";
import { portalOrigin } from "@/lib/config/origin";
import type { CurrentUser } from "@/lib/auth/current-user";
import { sha256Hex, utf8 } from "@/verifier/src/encoding";
import { BUNDLE_VERSION, FILES, bundleName, screenshotFile, weekBounds, type BundleKeys, type Manifest, type SignedSeal, type TableSegment } from "@/verifier/src/bundle-format";
import { zipStream, type ZipInput } from "@/verifier/src/zip";
import { publishedKeys } from "./portal-keys";
import { signedSealOf } from "./stored-seal";

export interface ProofBundle {
  fileName: string;
  body: ReadableStream<Uint8Array>;
}

/** Where a contract week's bundle downloads from (app/api/proof/[contractId]/[week]). */
export function proofBundlePath(contractId: string, week: string): string {
  return `/api/proof/${contractId}/${week}`;
}

const json = (value: unknown) => utf8(`${JSON.stringify(value, null, 2)}\n`);

/** The week's Monday as a Date, or null when `week` is not a Monday's date (R1.1). */
export function parseWeek(week: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(week)) return null;
  const start = new Date(weekBounds(week).start);
  return !Number.isNaN(start.getTime()) && start.getUTCDay() === 1 && start.toISOString().startsWith(week) ? start : null;
}

const SEAL_COLUMNS = { referenceId: true, contractId: true, weekStart: true, sealSeq: true, sealHead: true, sealKeyId: true, sealSignature: true, sealedAt: true } as const;

/** The bundle of `contractId`'s week `week` (its Monday, 2024-06-03), or not_found. */
export async function proofBundle(user: CurrentUser, contractId: string, week: string, now: Date): Promise<ProofBundle> {
  const start = parseWeek(week);
  if (!start) throw notFound("No such week.");
  const prisma = db();
  // Choice: proof is the contract's parties' own business: admins settle disputes from the portal's
  // own pages, and a bundle is what a party takes away, so an admin gets 404 like anyone else.
  const contract = await prisma.contract.findFirst({ where: { id: contractId, OR: [{ clientId: user.id }, { freelancerId: user.id }] }, select: { id: true } });
  if (!contract) throw notFound("No such contract.");
  const end = new Date(weekBounds(week).end);

  // The anchor: the latest seal made before the week began. Every record it covers was appended
  // before the week's first slot, so none can concern this week (R1.3), and the bundle starts after it.
  const [anchorRow, sealRow] = await Promise.all([
    prisma.invoice.findFirst({ where: { contractId, sealedAt: { lt: start }, sealSeq: { not: null } }, orderBy: [{ sealSeq: "desc" }, { weekStart: "desc" }], select: SEAL_COLUMNS }),
    prisma.invoice.findUnique({ where: { contractId_weekStart: { contractId, weekStart: start } }, select: SEAL_COLUMNS }),
  ]);
  const anchor: SignedSeal | null = anchorRow ? signedSealOf(anchorRow) : null;
  const seal: SignedSeal | null = sealRow ? signedSealOf(sealRow) : null;

  const [records, segments, portalKeys, devices] = await Promise.all([
    prisma.proofRecord.findMany({ where: { contractId, seq: { gt: anchor?.seal.seq ?? 0 } }, orderBy: { seq: "asc" }, select: { record: true } }),
    prisma.segment.findMany({
      where: { contractId, slotStart: { gte: start, lt: end } },
      orderBy: [{ slotStart: "asc" }, { createdAt: "asc" }],
      select: { id: true, slotStart: true, keyboardCounts: true, mouseCounts: true, memo: true, deletedAt: true, screenshot: { select: { sha256: true, storageKey: true } } },
    }),
    publishedKeys(),
    // Choice: only the device keys that signed this contract's segments, not every device the freelancer owns.
    prisma.$queryRaw<Array<{ key_id: string; public_key: string; id: string; name: string; revoked_at: Date | null }>>`
      SELECT t.key_id, t.public_key, t.id::text AS id, t.name, t.revoked_at FROM tracker_tokens t
      WHERE t.key_id IS NOT NULL AND t.key_id IN (SELECT DISTINCT s.signed_by_key_id FROM segments s WHERE s.contract_id = ${contractId}::uuid)
      ORDER BY t.created_at, t.id`,
  ]);

  // What the portal's table says now, read independently of the chain: the verifier compares the two.
  const table: TableSegment[] = segments.map((s) => ({
    segmentId: s.id,
    slot: s.slotStart.toISOString(),
    keyboard: s.keyboardCounts,
    mouse: s.mouseCounts,
    memo: s.memo,
    screenshotSha256: s.screenshot?.sha256 ?? null,
    deleted: s.deletedAt !== null,
  }));
  const keys: BundleKeys = {
    portal: portalKeys,
    devices: devices.map((d) => ({ keyId: d.key_id, publicKey: d.public_key, device: d.id, name: d.name, revokedAt: d.revoked_at?.toISOString() ?? null })),
  };
  const parts: Array<[string, Uint8Array]> = [
    [FILES.records, utf8(records.map((r) => `${r.record}\n`).join(""))],
    [FILES.anchor, json(anchor)],
    [FILES.seal, json(seal)],
    [FILES.segments, json(table)],
    [FILES.keys, json(keys)],
  ];
  const shots = segments.filter((s) => s.deletedAt === null && s.screenshot).map((s) => ({ id: s.id, key: s.screenshot!.storageKey }));
  const listed: Manifest["files"] = [];

  async function* entries(): AsyncGenerator<ZipInput> {
    for (const [name, bytes] of parts) {
      listed.push({ name, sha256: await sha256Hex(bytes) });
      yield { name, bytes, deflate: true };
    }
    for (const shot of shots) {
      const bytes = await blobStore().get(shot.key);
      // Choice: a screenshot gone from storage is left out rather than failing the download: the
      // verifier then names its slot as missing, which is the truth about the portal's state.
      if (!bytes) continue;
      const name = screenshotFile(shot.id);
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      listed.push({ name, sha256: await sha256Hex(view) });
      yield { name, bytes: view };
    }
    const manifest: Manifest = { v: BUNDLE_VERSION, contract: contractId, week, createdAt: now.toISOString(), origin: portalOrigin(), files: listed };
    yield { name: FILES.manifest, bytes: json(manifest), deflate: true };
  }

  const zip = zipStream(entries(), now);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await zip.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await zip.return(undefined);
    },
  });
  return { fileName: bundleName(contractId, week), body };
}

/** The proof bundle's address for an invoice's contract week, for a party to it; null for anyone else or a non-invoice. */
export async function invoiceProofLink(user: CurrentUser, referenceId: string): Promise<{ href: string; sealed: boolean } | null> {
  const invoice = await db().invoice.findFirst({
    where: { referenceId, contract: { OR: [{ clientId: user.id }, { freelancerId: user.id }] } },
    select: { contractId: true, weekStart: true, sealedAt: true },
  });
  if (!invoice) return null;
  return { href: proofBundlePath(invoice.contractId, invoice.weekStart.toISOString().slice(0, 10)), sealed: invoice.sealedAt !== null };
}

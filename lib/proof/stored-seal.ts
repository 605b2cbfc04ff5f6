// R15.3 a seal as the invoice's columns keep it, back as the signed seal every verifier checks.
import type { SignedSeal } from "@/verifier/src/seal";

export interface SealColumns {
  referenceId: string;
  contractId: string;
  weekStart: Date;
  sealSeq: number | null;
  sealHead: string | null;
  sealKeyId: string | null;
  sealSignature: string | null;
  sealedAt: Date | null;
}

/** The invoice's signed seal, or null while it is not sealed. */
export function signedSealOf(invoice: SealColumns): SignedSeal | null {
  const { sealSeq, sealHead, sealKeyId, sealSignature, sealedAt } = invoice;
  if (sealSeq === null || sealHead === null || sealKeyId === null || sealSignature === null || sealedAt === null) return null;
  return {
    seal: {
      v: 1,
      contract: invoice.contractId,
      week: invoice.weekStart.toISOString().slice(0, 10),
      invoice: invoice.referenceId,
      seq: sealSeq,
      head: sealHead,
      sealedAt: sealedAt.toISOString(),
      keyId: sealKeyId,
    },
    signature: sealSignature,
  };
}

import "server-only";
// R15.3 an invoice's seal for its page: only for the contract's client or freelancer (anyone else, or a
// reference that is not an invoice, gets null, as the page's 404 does).
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { SignedSeal } from "@/verifier/src/seal";
import { signedSealOf } from "./stored-seal";

export async function invoiceSealFor(user: CurrentUser, referenceId: string): Promise<SignedSeal | null> {
  const invoice = await db().invoice.findFirst({
    where: { referenceId, contract: { OR: [{ clientId: user.id }, { freelancerId: user.id }] } },
    select: { referenceId: true, contractId: true, weekStart: true, sealSeq: true, sealHead: true, sealKeyId: true, sealSignature: true, sealedAt: true },
  });
  return invoice ? signedSealOf(invoice) : null;
}

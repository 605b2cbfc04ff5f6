// Integration tests' client billing methods: a VERIFIED sandbox card, made as the sandbox provider
// and lib/client-billing/methods.ts would (lib/client-billing/sandbox-seed.ts), without going
// through the add-card flow each time.
import type { PrismaClient } from "../../lib/generated/prisma/client";
import { addVerifiedSandboxCard } from "../../lib/client-billing/sandbox-seed";

/** R14.1 a verified sandbox card (4242... unless told), the default unless isDefault is false; the client becomes payment verified. */
export function addVerifiedCard(prisma: PrismaClient, clientId: string, opts: { number?: string; isDefault?: boolean } = {}): Promise<{ id: string; token: string }> {
  return addVerifiedSandboxCard(prisma, clientId, opts);
}

// R16.1 first run: on a production database with no admin, `npm start` prints a one-time link to create
// the first admin, valid for 24 hours. No "server-only" marker: the launcher runs it in plain Node.
import { issueLinkToken } from "@/lib/auth/link-tokens";
import { portalOrigin } from "@/lib/config/origin";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ACCOUNT_LINKS } from "./limits";

/**
 * The setup link to print, or a line saying why none is printed. Choice: printed once: while an earlier
 * link is unused and unexpired, only its expiry is told (only its hash is stored, so it cannot be shown again).
 */
export async function adminSetupNotice(prisma: PrismaClient, at: Date): Promise<string | null> {
  return prisma.$transaction(async (tx) => {
    // one launcher at a time decides, so two starting at once do not print two links
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('hourglass:admin_setup'))`;
    if ((await tx.user.count({ where: { role: "ADMIN" } })) > 0) return null;
    const pending = await tx.linkToken.findFirst({ where: { purpose: "admin_setup", usedAt: null, expiresAt: { gt: at } }, orderBy: { expiresAt: "desc" } });
    if (pending) {
      return `No admin yet. A setup link was printed at ${pending.createdAt.toISOString()}; it works until ${pending.expiresAt.toISOString()}. After that, restart to get a new one.`;
    }
    const token = await issueLinkToken(tx, { purpose: "admin_setup", email: "", ttlMs: ACCOUNT_LINKS.adminSetupTtlMs });
    const expires = new Date(at.getTime() + ACCOUNT_LINKS.adminSetupTtlMs).toISOString();
    return `No admin yet. Create the first admin at ${portalOrigin()}/setup/${token} (works once, until ${expires}).`;
  });
}

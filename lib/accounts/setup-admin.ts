import "server-only";
// R16.1 the first admin, from the setup link that `npm start` printed (./setup-link.ts).
import { db } from "@/lib/db/client";
import { ApiError, invalid } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { checkPasswordStrength } from "@/lib/auth/password-policy";
import { consumeLinkToken, peekLinkToken } from "@/lib/auth/link-tokens";
import type { SetupAdminInput } from "@/lib/validation/accounts";

const ADMIN_EXISTS = "An admin already exists: sign in, or ask an admin to invite you.";

/** Whether the setup link can still be used (404 unknown, 410 used or expired; 410 once an admin exists). */
export async function checkSetupLink(token: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await peekLinkToken(tx, "admin_setup", token);
    if ((await tx.user.count({ where: { role: "ADMIN" } })) > 0) throw new ApiError("used", ADMIN_EXISTS);
  });
}

export async function setupFirstAdmin(input: SetupAdminInput, at: Date): Promise<{ userId: string }> {
  const weak = checkPasswordStrength(input.password, { email: input.email, name: input.name });
  if (weak) throw invalid("password", weak);
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    await consumeLinkToken(tx, "admin_setup", input.token);
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('hourglass:admin_setup'))`;
    if ((await tx.user.count({ where: { role: "ADMIN" } })) > 0) throw new ApiError("used", ADMIN_EXISTS);
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw invalid("email", "An account with this email already exists.");
    // the address is the operator's own, typed by them at the console's link: confirmed
    const admin = await tx.user.create({ data: { email: input.email, name: input.name, role: "ADMIN", passwordHash, emailConfirmedAt: at, createdAt: at } });
    return { userId: admin.id };
  });
}

import "server-only";
// R16.3 an admin resets the two-step verification of a user who lost their authenticator app and their
// recovery codes: it is turned off, the recovery codes are deleted, the user is signed out everywhere
// (session version), mailed, and the reset is audited. The admin confirms with their own code.
// Choice: an admin cannot reset their own (409): they use a recovery code, or ask another admin, so a
// stolen admin session alone can never strip an admin's second factor.
// Choice: resetting a user whose two-step verification is already off is refused (409), so the
// admin learns that there was nothing to reset and no mail or audit entry is made for nothing.
import { db } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { requireSecondFactor } from "./second-factor";
import { recordSecondFactorChange } from "./second-factor-enrolment";

export async function resetSecondFactor(admin: CurrentUser, userId: string, code: string | undefined, at: Date): Promise<void> {
  if (admin.role !== "ADMIN") throw new ApiError("forbidden", "Admins only.");
  if (userId === admin.id) {
    throw new ApiError("conflict", "You cannot reset your own two-step verification. Use one of your recovery codes, or ask another admin.");
  }
  await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw notFound("No such user.");
    await requireSecondFactor(tx, admin.id, code);
    const on = await tx.secondFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
    if (!on?.enabledAt) throw new ApiError("conflict", "Two-step verification is already off for this user.");
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.secondFactor.delete({ where: { userId } });
    await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    await recordSecondFactorChange(tx, "reset", { actorId: admin.id, userId }, at);
  });
}

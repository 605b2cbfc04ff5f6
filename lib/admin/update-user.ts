import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { ApiError, invalid, notFound } from "@/lib/errors";
import { syncPaymentVerified } from "@/lib/client-billing/methods";
import { text } from "@/lib/validation/text";
import type { CurrentUser } from "@/lib/auth/current-user";
import { recordAudit } from "@/lib/audit/record-audit";

export const updateUserSchema = z
  .object({
    paymentVerified: z.boolean().optional(),
    /** R14.1 why the admin verifies this client by hand (required with paymentVerified: true) */
    reason: text("Give the reason as text.").trim().max(500, "Use at most 500 characters.").optional(),
    suspended: z.boolean().optional(),
  })
  .refine((v) => v.paymentVerified !== undefined || v.suspended !== undefined, "Nothing to change.");

const REASON_NEEDED = "Give the reason for verifying this client by hand, such as the bank transfer you received: it goes to the audit log.";

/**
 * Admin: verify a client's payment by hand (R14.1: only with a reason, kept on the user and in the
 * audit entry), or suspend/reinstate an account. Audited.
 * Choice: unverifying removes the manual verification only; a client who holds a verified billing
 * method stays payment verified, as R14.1 says (remove the method to change that).
 */
export async function updateUser(actor: CurrentUser, userId: string, input: z.infer<typeof updateUserSchema>, now: Date): Promise<void> {
  if (actor.role !== "ADMIN") throw new ApiError("forbidden", "Admins only.");
  const reason = input.reason?.trim() ?? "";
  if (input.paymentVerified === true && !reason) throw invalid("reason", REASON_NEEDED);
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw notFound("No such user.");
  if (input.suspended && userId === actor.id) throw new ApiError("conflict", "You cannot suspend your own account.");
  await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw notFound("No such user.");
    if (input.paymentVerified !== undefined && user.role !== "CLIENT") {
      throw new ApiError("validation_failed", "Only clients have payment methods to verify.", { fields: { paymentVerified: "Only clients have payment methods to verify." } });
    }
    const data = {
      ...(input.paymentVerified === true ? { paymentVerifiedAt: user.paymentVerifiedAt ?? now, paymentVerificationNote: reason } : {}),
      ...(input.paymentVerified === false ? { paymentVerificationNote: null } : {}),
      ...(input.suspended !== undefined ? { suspendedAt: input.suspended ? (user.suspendedAt ?? now) : null } : {}),
      // Suspension ends every session, so reinstating the account does not revive them.
      ...(input.suspended ? { sessionVersion: { increment: 1 } } : {}),
    };
    await tx.user.update({ where: { id: userId }, data });
    // without the manual note, payment verified follows the client's verified billing methods again
    if (input.paymentVerified === false) await syncPaymentVerified(tx, userId, now);
    const after = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    await recordAudit(tx, {
      actorId: actor.id, action: "user.updated", entityType: "user", entityId: userId,
      before: { paymentVerified: Boolean(user.paymentVerifiedAt), paymentVerificationNote: user.paymentVerificationNote, suspended: Boolean(user.suspendedAt) },
      after: { paymentVerified: Boolean(after.paymentVerifiedAt), paymentVerificationNote: after.paymentVerificationNote, suspended: Boolean(after.suspendedAt) },
      at: now,
    });
  });
}

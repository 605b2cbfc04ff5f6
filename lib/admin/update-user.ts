import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { recordAudit } from "@/lib/audit/record-audit";

export const updateUserSchema = z
  .object({ paymentVerified: z.boolean().optional(), suspended: z.boolean().optional() })
  .refine((v) => v.paymentVerified !== undefined || v.suspended !== undefined, "Nothing to change.");

/** Admin: verify a client's payment method (R5), or suspend/reinstate an account. Audited. */
export async function updateUser(actor: CurrentUser, userId: string, input: z.infer<typeof updateUserSchema>, now: Date): Promise<void> {
  if (actor.role !== "ADMIN") throw new ApiError("forbidden", "Admins only.");
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw notFound("No such user.");
  if (input.suspended && userId === actor.id) throw new ApiError("conflict", "You cannot suspend your own account.");
  await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw notFound("No such user.");
    if (input.paymentVerified !== undefined && user.role !== "CLIENT") {
      throw new ApiError("validation_failed", "Only clients have payment methods to verify.", { fields: { paymentVerified: "Only clients have payment methods to verify." } });
    }
    const data = {
      ...(input.paymentVerified !== undefined ? { paymentVerifiedAt: input.paymentVerified ? (user.paymentVerifiedAt ?? now) : null } : {}),
      ...(input.suspended !== undefined ? { suspendedAt: input.suspended ? (user.suspendedAt ?? now) : null } : {}),
      // Suspension ends every session, so reinstating the account does not revive them.
      ...(input.suspended ? { sessionVersion: { increment: 1 } } : {}),
    };
    await tx.user.update({ where: { id: userId }, data });
    await recordAudit(tx, {
      actorId: actor.id, action: "user.updated", entityType: "user", entityId: userId,
      before: { paymentVerified: Boolean(user.paymentVerifiedAt), suspended: Boolean(user.suspendedAt) },
      after: { paymentVerified: input.paymentVerified ?? Boolean(user.paymentVerifiedAt), suspended: input.suspended ?? Boolean(user.suspendedAt) },
      at: now,
    });
  });
}

import "server-only";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { CreateContractInput } from "@/lib/validation/contracts";
import { recordAudit } from "@/lib/audit/record-audit";
import { createInvitedUser, hasJoined, sendInvitation } from "@/lib/accounts/invitations";
import { announceContract } from "@/lib/notifications/announce";
import { notify } from "@/lib/realtime/notify";

const DAY_MS = 86_400_000;

function fieldError(field: string, message: string): ApiError {
  return new ApiError("validation_failed", message, { fields: { [field]: message } });
}

/**
 * An admin, or a client for their own offers, creates a contract as an offer. R9.2 the weekly payment is set here, never edited.
 * Choice: the start date is today or later (UTC); a past start would bill weeks nobody agreed to in time.
 */
export async function createContract(actor: CurrentUser, input: CreateContractInput, now: Date): Promise<{ id: string }> {
  if (actor.role === "FREELANCER") throw new ApiError("forbidden", "Freelancers accept offers; clients and admins create them.");
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const startsAt = input.startsAt ? new Date(`${input.startsAt}T00:00:00Z`) : now;
  if (startsAt.getTime() < today.getTime()) throw fieldError("startsAt", "The start date cannot be in the past.");
  if (startsAt.getTime() > today.getTime() + 365 * DAY_MS) throw fieldError("startsAt", "Start within the next year.");

  const { id, events } = await db().$transaction(async (tx) => {
    let clientId = actor.id;
    if (actor.role === "ADMIN") {
      if (!input.clientEmail) throw fieldError("clientEmail", "Choose the client this contract is for.");
      const client = await tx.user.findFirst({ where: { email: input.clientEmail, role: "CLIENT", suspendedAt: null } });
      if (!client) throw fieldError("clientEmail", "No active client has this email.");
      clientId = client.id;
    }
    // R16.1 a client hires only with a confirmed email
    const creator = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { emailConfirmedAt: true } });
    if (actor.role === "CLIENT" && !creator.emailConfirmedAt) {
      throw new ApiError("forbidden", `Confirm your email address before you hire: open the link we sent to ${actor.email}, or send a new one.`);
    }
    let freelancer = await tx.user.findFirst({ where: { email: input.freelancerEmail, role: "FREELANCER", suspendedAt: null } });
    // R16.1 an offer to an email with no account invites its owner; the offer waits for them
    if (!freelancer && !(await tx.user.findUnique({ where: { email: input.freelancerEmail }, select: { id: true } }))) {
      freelancer = await createInvitedUser(tx, input.freelancerEmail, "FREELANCER", now);
    }
    if (!freelancer) throw fieldError("freelancerEmail", "No active freelancer has this email.");

    const contract = await tx.contract.create({
      data: {
        title: input.title,
        clientId,
        freelancerId: freelancer.id,
        createdById: actor.id,
        status: "OFFER",
        hourlyRateCents: input.hourlyRateCents,
        manualTimeAllowed: input.manualTimeAllowed,
        weeklyPaymentCents: input.weeklyPaymentCents,
        startsAt,
        createdAt: now,
        limitChanges: {
          create: { limitMinutes: input.weeklyLimitHours === null ? null : input.weeklyLimitHours * 60, requestedAt: now, effectiveFrom: now, requestedById: actor.id },
        },
        conversation: { create: { createdAt: now } },
      },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "contract.created",
      entityType: "contract",
      entityId: contract.id,
      after: { ...input, clientId, freelancerId: freelancer.id, startsAt: startsAt.toISOString() },
      at: now,
    });
    const events = await announceContract(tx, contract.id, "offer_received", actor.id);
    if (!hasJoined(freelancer)) await sendInvitation(tx, freelancer, actor, { contractId: contract.id, title: contract.title });
    return { id: contract.id, events };
  });
  await notify(events); // after commit: the freelancer's bell counts the offer at once
  return { id };
}

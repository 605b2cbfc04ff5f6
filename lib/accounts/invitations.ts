import "server-only";
// R16.1 freelancers join through an invitation: a client's offer to an email with no account, or an
// admin's invitation. The invited person exists at once as a user who cannot sign in yet (so the offer
// has its freelancer and waits for them); the invitation link lets them choose a name and password.
import { db } from "@/lib/db/client";
import { ApiError, invalid } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { checkPasswordStrength } from "@/lib/auth/password-policy";
import { consumeLinkToken, issueLinkToken, peekLinkToken } from "@/lib/auth/link-tokens";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { recordAudit } from "@/lib/audit/record-audit";
import type { AcceptInvitationInput, AdminInvitationInput } from "@/lib/validation/accounts";
import { sendInvitationEmail } from "./emails";
import { ACCOUNT_LINKS } from "./limits";

type Tx = Prisma.TransactionClient;

/** Not a scrypt hash, so no password matches it: an invited user cannot sign in until they join. */
const INVITED_PASSWORD_HASH = "invited";

export const hasJoined = (user: { passwordHash: string }) => user.passwordHash !== INVITED_PASSWORD_HASH;

interface InvitationData {
  contractId?: string;
  invitedById?: string;
}

/** The user an invitation makes: named after the address until they choose a name. */
export async function createInvitedUser(tx: Tx, email: string, role: Role, at: Date, name?: string) {
  // Choice: the part before the @ stands in for the name until the invitee chooses one, so the offer lists read well.
  return tx.user.create({ data: { email, role, name: name ?? email.split("@")[0]!, passwordHash: INVITED_PASSWORD_HASH, createdAt: at } });
}

/** Issues an invitation link to an invited user and queues its mail, in the caller's transaction. */
export async function sendInvitation(
  tx: Tx,
  invitee: { id: string; email: string },
  inviter: { id: string; name: string },
  offer?: { contractId: string; title: string },
): Promise<void> {
  const data: InvitationData = { invitedById: inviter.id, ...(offer ? { contractId: offer.contractId } : {}) };
  const token = await issueLinkToken(tx, { purpose: "invitation", userId: invitee.id, email: invitee.email, ttlMs: ACCOUNT_LINKS.invitationTtlMs, data });
  await sendInvitationEmail(tx, { email: invitee.email, userId: invitee.id, inviterName: inviter.name, offerTitle: offer?.title }, token);
}

/** R16.1 only admins invite users of any role (and so admins); clients invite freelancers by sending offers. */
export async function inviteUser(actor: CurrentUser, input: AdminInvitationInput, at: Date): Promise<{ id: string; resent: boolean }> {
  if (actor.role !== "ADMIN") throw new ApiError("forbidden", "Only admins invite users.");
  return db().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true, email: true, role: true, passwordHash: true } });
    // Choice: inviting again someone who has not joined yet sends a new link (the old one keeps working until it expires).
    if (existing && (hasJoined(existing) || existing.role !== input.role)) throw invalid("email", "An account with this email already exists.");
    const invitee = existing ?? (await createInvitedUser(tx, input.email, input.role, at, input.name));
    await sendInvitation(tx, invitee, actor);
    if (!existing) {
      await recordAudit(tx, { actorId: actor.id, action: "user.invited", entityType: "user", entityId: invitee.id, after: { email: input.email, role: input.role }, at });
    }
    return { id: invitee.id, resent: Boolean(existing) };
  });
}

export interface InvitationPreview {
  email: string;
  role: Role;
  inviterName: string | null;
  offerTitle: string | null;
}

/** What the invitation page shows; the same errors as accepting (404 unknown, 410 used or expired). */
export async function previewInvitation(token: string): Promise<InvitationPreview> {
  return db().$transaction(async (tx) => {
    const link = await peekLinkToken(tx, "invitation", token);
    const invitee = link.userId ? await tx.user.findUnique({ where: { id: link.userId }, select: { role: true, email: true, passwordHash: true } }) : null;
    if (!invitee || invitee.email !== link.email) throw new ApiError("expired", "This invitation is no longer valid.");
    if (hasJoined(invitee)) throw new ApiError("used", "You already joined. Sign in to see your offers.");
    const data = link.data as InvitationData;
    const inviter = data.invitedById ? await tx.user.findUnique({ where: { id: data.invitedById }, select: { name: true } }) : null;
    const offer = data.contractId ? await tx.contract.findUnique({ where: { id: data.contractId }, select: { title: true } }) : null;
    return { email: invitee.email, role: invitee.role, inviterName: inviter?.name ?? null, offerTitle: offer?.title ?? null };
  });
}

/**
 * Joins from an invitation: the invitee chooses their name and password; the address is confirmed (the
 * link came to it). Answers the user and where to go next: the offer, when the invitation came with one.
 */
export async function acceptInvitation(input: AcceptInvitationInput, at: Date): Promise<{ userId: string; next: string }> {
  const { email } = await previewInvitation(input.token);
  const weak = checkPasswordStrength(input.password, { email, name: input.name });
  if (weak) throw invalid("password", weak);
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    const link = await consumeLinkToken(tx, "invitation", input.token);
    // the row lock of the token serialises two tabs; a second invitation to the same person is refused here
    const invitee = await tx.user.findUniqueOrThrow({ where: { id: link.userId! }, select: { passwordHash: true } });
    if (hasJoined(invitee)) throw new ApiError("used", "You already joined. Sign in to see your offers.");
    await tx.user.update({ where: { id: link.userId! }, data: { name: input.name, passwordHash, emailConfirmedAt: at } });
    const { contractId } = link.data as InvitationData;
    return { userId: link.userId!, next: contractId ? `/contracts/${contractId}` : "/" };
  });
}

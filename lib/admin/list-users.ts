import "server-only";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { Role } from "@/lib/generated/prisma/enums";
import { hasJoined } from "@/lib/accounts/invitations";

export interface AdminUserView {
  id: string;
  name: string;
  email: string;
  role: Role;
  paymentVerified: boolean;
  suspended: boolean;
  /** R16.1 invited and not joined yet (cannot sign in until they use the invitation) */
  invited: boolean;
  /** R16.3 two-step verification is on (an admin can reset it for a locked-out user) */
  secondFactor: boolean;
}

export async function listUsers(actor: CurrentUser): Promise<AdminUserView[]> {
  if (actor.role !== "ADMIN") throw new ApiError("forbidden", "Admins only.");
  const rows = await db().user.findMany({ orderBy: [{ role: "asc" }, { name: "asc" }], include: { secondFactor: { select: { enabledAt: true } } } });
  return rows.map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role, paymentVerified: Boolean(u.paymentVerifiedAt), suspended: Boolean(u.suspendedAt), invited: !hasJoined(u), secondFactor: Boolean(u.secondFactor?.enabledAt) }));
}

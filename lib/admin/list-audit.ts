import "server-only";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string | null;
  action: string;
  entity: string;
  before: unknown;
  after: unknown;
}

/** Admin: the newest audit entries (every admin action and change of terms). */
export async function listAudit(actor: CurrentUser, limit = 100): Promise<AuditEntryView[]> {
  if (actor.role !== "ADMIN") throw new ApiError("forbidden", "Admins only.");
  const rows = await db().auditLog.findMany({ orderBy: { id: "desc" }, take: limit, include: { actor: { select: { name: true } } } });
  return rows.map((r) => ({ id: r.id.toString(), at: r.createdAt.toISOString(), actor: r.actor?.name ?? null, action: r.action, entity: `${r.entityType} ${r.entityId.slice(0, 8)}`, before: r.before, after: r.after }));
}

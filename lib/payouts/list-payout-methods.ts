import "server-only";
import { db } from "@/lib/db/client";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { PayoutMethodKind } from "@/lib/generated/prisma/enums";

export interface PayoutMethodView {
  id: string;
  kind: PayoutMethodKind;
  label: string;
  last4: string;
  isDefault: boolean;
  usableFrom: string;
}

export async function listPayoutMethods(user: CurrentUser): Promise<PayoutMethodView[]> {
  const rows = await db().payoutMethod.findMany({ where: { userId: user.id, removedAt: null }, orderBy: { createdAt: "asc" } });
  return rows.map((m) => ({ id: m.id, kind: m.kind, label: m.label, last4: m.last4, isDefault: m.isDefault, usableFrom: m.usableFrom.toISOString() }));
}
